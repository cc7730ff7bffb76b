/**
 * The step machine's shared moves: starting and aborting calls, keeping a step, ending the
 * thinking, and ending the turn. Each move changes the transition's private copy of the state
 * (`next.state`) and appends effects to `next.effects`; nothing here is visible outside the
 * machine's files. Scheduling a speculative step is in machine-speculative.ts.
 */
import type { CallFailure, ThinkingStopReason, TurnEvent } from './events.ts';
import { buildCallRequest, callId } from './requests.ts';
import type { CallKind, CallRef, KeptStep, Transition, TurnState } from './state.ts';
import { thinkingStopReason } from './stop-rules.ts';

export function emit(next: Transition, event: TurnEvent): void {
  next.effects.push({ type: 'emit', event });
}

/** Starts a call (or, when it is already in flight, only updates whether it is speculative). */
export function startCallFor(
  next: Transition,
  kind: CallKind,
  index: number,
  speculative = false,
): void {
  const { state } = next;
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
  next.effects.push({ type: 'start-call', call: { ...call }, request });
}

/** Removes a finished call from the in-flight list; `undefined` for a stale or aborted call. */
export function takeCall(next: Transition, id: string): CallRef | undefined {
  const { state } = next;
  const position = state.inFlight.findIndex((call) => call.id === id);
  if (position < 0) return undefined;
  const [call] = state.inFlight.splice(position, 1);
  return call;
}

export function abortCall(next: Transition, id: string): void {
  if (takeCall(next, id) !== undefined) next.effects.push({ type: 'abort-call', callId: id });
}

export function abortAll(next: Transition): void {
  for (const call of [...next.state.inFlight]) abortCall(next, call.id);
}

/** Throws away the draft made ahead for the next step (its tokens count as discarded). */
export function discardAhead(next: Transition): void {
  const { state } = next;
  const ahead = state.ahead;
  if (ahead === undefined) return;
  if (ahead.result !== undefined) state.usage.discardedTokens += ahead.result.tokens;
  abortCall(next, callId('draft-step', ahead.index));
  state.ahead = undefined;
}

/**
 * Adds a decided step to the reasoning and ends the thinking when `stopReason` says so.
 * Returns true when thinking goes on: the caller then starts what comes next.
 */
export function keepStep(
  next: Transition,
  step: KeptStep,
  stopReason: (state: TurnState) => ThinkingStopReason | undefined = defaultStopReason,
): boolean {
  const { state } = next;
  state.steps.push(step);
  state.usage.keptTokens += step.tokens;
  state.pending = undefined;
  const reason = stopReason(state);
  if (reason === undefined) return true;
  endThinking(next, reason);
  return false;
}

function defaultStopReason(state: TurnState): ThinkingStopReason | undefined {
  return thinkingStopReason({
    steps: state.steps.map((step) => step.text),
    keptTokens: state.usage.keptTokens,
    tokenBudget: state.config.tokenBudget,
    maxSteps: state.config.maxSteps,
  });
}

/** Ends the thinking and starts the answer call. */
export function endThinking(next: Transition, reason: ThinkingStopReason): void {
  const { state } = next;
  discardAhead(next);
  abortAll(next);
  state.pending = undefined;
  state.stopReason = reason;
  state.phase = 'answering';
  emit(next, {
    type: 'thinking-end',
    reason,
    steps: state.steps.length,
    keptTokens: state.usage.keptTokens,
  });
  startAnswer(next);
}

export function startAnswer(next: Transition): void {
  startCallFor(next, 'answer', next.state.steps.length);
}

export function completeTurn(next: Transition, finish: 'stop' | 'length'): void {
  const { state } = next;
  abortAll(next);
  state.stream = undefined;
  state.status = 'completed';
  state.phase = 'done';
  state.answerFinish = finish;
  emit(next, {
    type: 'turn-end',
    status: 'completed',
    finishReason: finish,
    usage: state.usage,
  });
}

export function failTurn(next: Transition, failure: CallFailure): void {
  const { state } = next;
  abortAll(next);
  state.stream = undefined;
  state.status = 'failed';
  state.failure = failure;
  emit(next, {
    type: 'turn-end',
    status: 'failed',
    finishReason: 'error',
    usage: state.usage,
    failure,
  });
}
