/**
 * The step machine's shared moves: starting and aborting calls, keeping a step, ending the
 * thinking, finishing the turn, and choosing the next call. Each move mutates the transition's
 * private copy of the state and appends effects; nothing here is visible outside machine.ts.
 */
import type { CallFailure, ThinkingStopReason, TurnEvent } from './events.ts';
import { buildCallRequest, callId } from './requests.ts';
import type { CallKind, CallRef, Effect, KeptStep, TurnState } from './state.ts';
import { thinkingStopReason } from './stop-rules.ts';

export interface Context {
  state: TurnState;
  effects: Effect[];
}

export function emit(context: Context, event: TurnEvent): void {
  context.effects.push({ type: 'emit', event });
}

/** Starts a call (or, when it is already in flight, only updates whether it is speculative). */
export function startCallFor(
  context: Context,
  kind: CallKind,
  index: number,
  speculative = false,
): void {
  const { state } = context;
  const id = callId(kind, index);
  const running = state.inFlight.find((call) => call.id === id);
  if (running !== undefined) {
    running.speculative = running.speculative && speculative;
    return;
  }
  const call: CallRef = { id, kind, index, speculative };
  const request = buildCallRequest(state, kind, index);
  state.inFlight.push(call);
  if (request.type === 'generate' && request.streamText) {
    state.stream = { callId: id, raw: '', consumed: 0, closed: false };
  }
  context.effects.push({ type: 'start-call', call: { ...call }, request });
}

/** Removes a finished call from the in-flight list; `undefined` for a stale or aborted call. */
export function takeCall(context: Context, id: string): CallRef | undefined {
  const { state } = context;
  const position = state.inFlight.findIndex((call) => call.id === id);
  if (position < 0) return undefined;
  const [call] = state.inFlight.splice(position, 1);
  return call;
}

export function abortCall(context: Context, id: string): void {
  if (takeCall(context, id) !== undefined) context.effects.push({ type: 'abort-call', callId: id });
}

export function abortAll(context: Context): void {
  for (const call of [...context.state.inFlight]) abortCall(context, call.id);
}

/** Throws away the draft made ahead for the next step (its tokens count as discarded). */
export function discardAhead(context: Context): void {
  const { state } = context;
  const ahead = state.ahead;
  if (ahead === undefined) return;
  if (ahead.result !== undefined) state.usage.discardedTokens += ahead.result.tokens;
  abortCall(context, callId('draft-step', ahead.index));
  state.ahead = undefined;
}

/** How a kept step moves the turn on: which rules stop thinking, and what to do otherwise. */
export interface KeepOptions {
  stopReason?: ((state: TurnState) => ThinkingStopReason | undefined) | undefined;
  /** Runs when thinking goes on; by default the next step's call starts. */
  onContinue?: ((context: Context) => void) | undefined;
}

/** Adds a decided step to the reasoning, then stops thinking or moves to the next step. */
export function keepStep(context: Context, step: KeptStep, options: KeepOptions = {}): void {
  const { state } = context;
  state.steps.push(step);
  state.usage.keptTokens += step.tokens;
  state.pending = undefined;
  const reason = (options.stopReason ?? defaultStopReason)(state);
  if (reason !== undefined) endThinking(context, reason);
  else (options.onContinue ?? scheduleNext)(context);
}

function defaultStopReason(state: TurnState): ThinkingStopReason | undefined {
  return thinkingStopReason({
    steps: state.steps.map((step) => step.text),
    keptTokens: state.usage.keptTokens,
    tokenBudget: state.config.tokenBudget,
    maxSteps: state.config.maxSteps,
  });
}

export function endThinking(context: Context, reason: ThinkingStopReason): void {
  const { state } = context;
  discardAhead(context);
  abortAll(context);
  state.pending = undefined;
  state.stopReason = reason;
  state.phase = 'answering';
  emit(context, {
    type: 'thinking-end',
    reason,
    steps: state.steps.length,
    keptTokens: state.usage.keptTokens,
  });
  scheduleNext(context);
}

export function completeTurn(context: Context, finish: 'stop' | 'length'): void {
  const { state } = context;
  abortAll(context);
  state.stream = undefined;
  state.status = 'completed';
  state.phase = 'done';
  state.answerFinish = finish;
  emit(context, {
    type: 'turn-end',
    status: 'completed',
    finishReason: finish,
    usage: state.usage,
  });
}

export function failTurn(context: Context, failure: CallFailure): void {
  const { state } = context;
  abortAll(context);
  state.stream = undefined;
  state.status = 'failed';
  state.failure = failure;
  emit(context, {
    type: 'turn-end',
    status: 'failed',
    finishReason: 'error',
    usage: state.usage,
    failure,
  });
}

/** Makes sure the call the turn needs next is in flight. */
export function scheduleNext(context: Context): void {
  const { state } = context;
  if (state.phase === 'done') return;
  if (state.phase === 'answering') {
    startCallFor(context, 'answer', state.steps.length);
    return;
  }
  if (state.config.mode !== 'speculative') {
    startCallFor(context, 'free-run', state.steps.length);
    return;
  }
  state.pending ??= newPendingStep(state);
  const pending = state.pending;
  if (pending.direct !== undefined) {
    startCallFor(context, 'base-step', pending.index);
  } else if (pending.draft === undefined) {
    takeAheadOrDraft(context, pending.index);
    startHedge(context);
  } else if (pending.score === undefined) {
    startJudge(context);
  } else {
    startCallFor(context, 'base-step', pending.index);
  }
}

function newPendingStep(state: TurnState): NonNullable<TurnState['pending']> {
  const index = state.steps.length;
  if (index < state.config.firstNBaseSteps) return { index, direct: 'first-n-base' };
  if (state.draftDegraded) return { index, direct: 'draft-degraded' };
  return { index };
}

/** Uses the draft made ahead for this step when there is one; otherwise drafts it now. */
function takeAheadOrDraft(context: Context, index: number): void {
  const { state } = context;
  const ahead = state.ahead;
  if (ahead !== undefined && ahead.index === index) {
    state.ahead = undefined;
    if (ahead.result !== undefined) {
      proposeDraft(context, ahead.result);
      return;
    }
  } else {
    discardAhead(context);
  }
  startCallFor(context, 'draft-step', index);
}

/** Makes the pending step's draft visible and sends it to the judge. */
export function proposeDraft(
  context: Context,
  draft: NonNullable<NonNullable<TurnState['pending']>['draft']>,
): void {
  const { state } = context;
  const pending = state.pending;
  if (pending === undefined) return;
  pending.draft = draft;
  state.usage.stepsProposed += 1;
  emit(context, {
    type: 'step-proposed',
    index: pending.index,
    text: draft.text,
    tokens: draft.tokens,
    elapsedMs: draft.elapsedMs,
  });
  startJudge(context);
}

function startJudge(context: Context): void {
  const { state } = context;
  const pending = state.pending;
  if (pending?.draft === undefined) return;
  startCallFor(context, 'judge', pending.index);
  if (state.config.pipeline === 'off') return;
  if (shouldDraftAhead(state)) {
    state.ahead = { index: pending.index + 1 };
    startCallFor(context, 'draft-step', pending.index + 1, true);
  }
  startHedge(context);
}

/**
 * Hedged pipelining: the base model writes its own version of the pending step beside the draft
 * (or beside the judge, when the draft was made ahead), so a rejection costs no draft, judge and
 * base call in a row. It is cancelled on acceptance and kept, finished or still running, on
 * rejection: latency bought with base-model work that acceptance throws away.
 */
function startHedge(context: Context): void {
  const { state } = context;
  const pending = state.pending;
  if (state.config.pipeline !== 'hedged' || pending === undefined) return;
  if (pending.hedge !== undefined || pending.direct !== undefined) return;
  startCallFor(context, 'base-step', pending.index, true);
}

/** Draft ahead only when accepting the pending draft would not end the thinking. */
function shouldDraftAhead(state: TurnState): boolean {
  const pending = state.pending;
  if (pending?.draft === undefined || state.ahead !== undefined) return false;
  if (pending.index + 1 < state.config.firstNBaseSteps || state.draftDegraded) return false;
  const steps = [...state.steps.map((step) => step.text), pending.draft.text];
  const reason = thinkingStopReason({
    steps,
    keptTokens: state.usage.keptTokens + pending.draft.tokens,
    tokenBudget: state.config.tokenBudget,
    maxSteps: state.config.maxSteps,
  });
  return reason === undefined;
}
