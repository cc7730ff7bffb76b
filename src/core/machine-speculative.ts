/**
 * A speculative step, from its scheduling to its decision: the draft model writes the step (or
 * it was drafted ahead), the judge scores it, and the base model rewrites it when the score is
 * below the threshold; pipelining drafts the next step ahead and hedging has the base model
 * write the pending step beside the draft (design.md §1).
 *
 * Failure policy (issue 2): a failed or unscorable judge call counts as a rejection and the base
 * model writes the step — never keep a step nobody vouched for. A failed draft call hands the
 * step to the base model; after `draftFailureLimit` failures in a row the rest of the turn runs
 * on the base model alone.
 */
import type { Semantics } from './config.ts';
import type { CallFailure } from './events.ts';
import { abortCall, discardAhead, emit, keepStep, startCallFor } from './machine-moves.ts';
import type { GenerateResult, JudgeResult } from './ports.ts';
import { callId } from './requests.ts';
import { isAccepted, scoreJudgeResult } from './scoring.ts';
import type { CallRef, DraftCandidate, PendingStep, Transition, TurnState } from './state.ts';
import { cleanStep, thinkingStopReason } from './stop-rules.ts';
import { outputTokens, uncachedPromptTokens } from './usage.ts';

/** Makes sure the calls the pending speculative step needs are in flight. */
export function scheduleStep(next: Transition): void {
  const { state } = next;
  state.pending ??= newPendingStep(state);
  const pending = state.pending;
  if (pending.direct !== undefined) {
    startCallFor(next, 'base-step', pending.index);
  } else if (pending.draft === undefined) {
    takeAheadOrDraft(next, pending.index);
    startHedge(next);
  } else if (pending.score === undefined) {
    startJudge(next);
  } else {
    startCallFor(next, 'base-step', pending.index);
  }
}

function newPendingStep(state: TurnState): PendingStep {
  const index = state.steps.length;
  if (index < state.config.firstNBaseSteps) return { index, direct: 'first-n-base' };
  if (state.draftDegraded) return { index, direct: 'draft-degraded' };
  return { index };
}

/** Uses the draft made ahead for this step when there is one; otherwise drafts it now. */
function takeAheadOrDraft(next: Transition, index: number): void {
  const { state } = next;
  const ahead = state.ahead;
  if (ahead !== undefined && ahead.index === index) {
    state.ahead = undefined;
    if (ahead.result !== undefined) {
      proposeDraft(next, ahead.result);
      return;
    }
  } else {
    discardAhead(next);
  }
  startCallFor(next, 'draft-step', index);
}

/** Makes the pending step's draft visible and sends it to the judge. */
function proposeDraft(next: Transition, draft: DraftCandidate): void {
  const { state } = next;
  const pending = state.pending;
  if (pending === undefined) return;
  pending.draft = draft;
  state.usage.stepsProposed += 1;
  emit(next, {
    type: 'step-proposed',
    index: pending.index,
    text: draft.text,
    tokens: draft.tokens,
    elapsedMs: draft.elapsedMs,
  });
  startJudge(next);
}

function startJudge(next: Transition): void {
  const { state } = next;
  const pending = state.pending;
  if (pending?.draft === undefined) return;
  startCallFor(next, 'judge', pending.index);
  if (state.config.pipeline === 'off') return;
  if (shouldDraftAhead(state)) {
    state.ahead = { index: pending.index + 1 };
    startCallFor(next, 'draft-step', pending.index + 1, true);
  }
  startHedge(next);
}

/**
 * Hedged pipelining: the base model writes its own version of the pending step beside the draft
 * (or beside the judge, when the draft was made ahead), so a rejection costs no draft, judge and
 * base call in a row. It is cancelled on acceptance and kept, finished or still running, on
 * rejection: latency bought with base-model work that acceptance throws away.
 */
function startHedge(next: Transition): void {
  const { state } = next;
  const pending = state.pending;
  if (state.config.pipeline !== 'hedged' || pending === undefined) return;
  if (pending.hedge !== undefined || pending.direct !== undefined) return;
  startCallFor(next, 'base-step', pending.index, true);
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

function candidateOf(
  result: GenerateResult,
  elapsedMs: number,
  semantics: Semantics,
): DraftCandidate & { estimated: boolean } {
  const text = cleanStep(result.text, semantics);
  const { tokens, estimated } = outputTokens(result.usage, result.text);
  const raw = text === result.text ? {} : { rawText: result.text };
  return { text, ...raw, tokens, elapsedMs, estimated };
}

/** A draft or base step call finished. */
export function onStepGenerated(
  next: Transition,
  call: CallRef,
  result: GenerateResult,
  elapsedMs: number,
): void {
  const { state } = next;
  const { estimated, ...candidate } = candidateOf(result, elapsedMs, state.config.semantics);
  if (estimated) state.usage.estimated = true;
  if (call.kind === 'draft-step') {
    state.usage.draftTokens += candidate.tokens;
    state.usage.draftPromptTokens += result.usage.promptTokens ?? 0;
    state.consecutiveDraftFailures = 0;
    if (call.speculative) {
      if (state.ahead?.index === call.index) state.ahead.result = candidate;
      else state.usage.discardedTokens += candidate.tokens;
      return;
    }
    if (state.pending?.index === call.index && state.pending.draft === undefined) {
      proposeDraft(next, candidate);
    }
    return;
  }
  state.usage.baseTokens += candidate.tokens;
  state.usage.basePromptTokens += result.usage.promptTokens ?? 0;
  const pending = state.pending;
  if (pending === undefined || pending.index !== call.index) return;
  if (call.speculative) {
    pending.hedge = candidate;
    return;
  }
  keepBaseStep(next, candidate);
}

/** Keeps the base model's version of the pending step. */
function keepBaseStep(next: Transition, candidate: DraftCandidate): void {
  const { state } = next;
  const pending = state.pending;
  if (pending === undefined) return;
  const draft = pending.draft;
  if (draft !== undefined) {
    state.usage.stepsRegenerated += 1;
    emit(next, {
      type: 'step-regenerated',
      index: pending.index,
      text: candidate.text,
      tokens: candidate.tokens,
      elapsedMs: candidate.elapsedMs,
      draftText: draft.text,
    });
  } else {
    state.usage.stepsBase += 1;
    emit(next, {
      type: 'step-generated',
      index: pending.index,
      text: candidate.text,
      tokens: candidate.tokens,
      origin: 'base',
      reason: pending.direct ?? 'draft-failed',
      elapsedMs: candidate.elapsedMs,
    });
  }
  const goesOn = keepStep(next, {
    index: pending.index,
    text: candidate.text,
    origin: 'base',
    decision: draft !== undefined ? 'regenerated' : (pending.direct ?? 'draft-failed'),
    score: draft !== undefined ? pending.score : undefined,
    tokens: candidate.tokens,
    draftText: draft?.text,
    draftTokens: draft?.tokens,
    timings: {
      draftMs: draft?.elapsedMs,
      judgeMs: pending.judgeElapsedMs,
      baseMs: candidate.elapsedMs,
    },
  });
  if (goesOn) scheduleStep(next);
}

/** The judge answered: score the pending draft and decide. */
export function onJudged(
  next: Transition,
  call: CallRef,
  result: JudgeResult,
  elapsedMs: number,
): void {
  const { state } = next;
  state.usage.judgeCalls += 1;
  state.usage.judgePrefillTokens += uncachedPromptTokens(result.usage) ?? 0;
  state.usage.basePromptTokens += result.usage.promptTokens ?? 0;
  if (state.pending?.index !== call.index) return;
  const score = scoreJudgeResult(result, state.config.scoreMethod, state.config.semantics);
  if (score === undefined) state.usage.judgeFailures += 1;
  decide(next, score ?? null, elapsedMs, undefined);
}

/** Accepts the pending draft at or above the threshold; otherwise the base model's version. */
function decide(
  next: Transition,
  score: number | null,
  elapsedMs: number,
  failure: CallFailure | undefined,
): void {
  const { state } = next;
  const pending = state.pending;
  const draft = pending?.draft;
  if (pending === undefined || draft === undefined) return;
  pending.score = score;
  pending.judgeElapsedMs = elapsedMs;
  const threshold = state.config.threshold;
  emit(next, {
    type: 'step-scored',
    index: pending.index,
    score,
    threshold,
    elapsedMs,
    failure,
  });
  if (score !== null && isAccepted(score, threshold)) {
    abortCall(next, callId('base-step', pending.index));
    if (pending.hedge !== undefined) state.usage.discardedTokens += pending.hedge.tokens;
    state.usage.stepsAccepted += 1;
    emit(next, {
      type: 'step-accepted',
      index: pending.index,
      text: draft.text,
      tokens: draft.tokens,
      score,
    });
    const goesOn = keepStep(next, {
      index: pending.index,
      text: draft.text,
      origin: 'draft',
      decision: 'accepted',
      score,
      tokens: draft.tokens,
      timings: { draftMs: draft.elapsedMs, judgeMs: elapsedMs },
    });
    if (goesOn) scheduleStep(next);
    return;
  }
  emit(next, { type: 'step-rejected', index: pending.index, score });
  discardAhead(next);
  if (pending.hedge !== undefined) keepBaseStep(next, pending.hedge);
  else startCallFor(next, 'base-step', pending.index);
}

/**
 * A call of a speculative step failed: a draft or judge call, or one started ahead of need
 * (a draft ahead, a hedge). The step goes on without it; the turn never pauses for one.
 */
export function onStepCallFailed(
  next: Transition,
  call: CallRef,
  failure: CallFailure,
  elapsedMs: number,
): void {
  const { state } = next;
  if (call.kind === 'judge') {
    state.usage.judgeCalls += 1;
    state.usage.judgeFailures += 1;
    decide(next, null, elapsedMs, failure);
    return;
  }
  if (call.kind === 'draft-step') state.usage.draftFailures += 1;
  if (call.speculative) {
    if (call.kind === 'draft-step' && state.ahead?.index === call.index) state.ahead = undefined;
    return;
  }
  const pending = state.pending;
  if (pending === undefined || pending.index !== call.index) return;
  state.consecutiveDraftFailures += 1;
  if (!state.draftDegraded && state.consecutiveDraftFailures >= state.config.draftFailureLimit) {
    state.draftDegraded = true;
    emit(next, {
      type: 'draft-degraded',
      failures: state.consecutiveDraftFailures,
      failure,
    });
  }
  pending.direct = state.draftDegraded ? 'draft-degraded' : 'draft-failed';
  scheduleStep(next);
}
