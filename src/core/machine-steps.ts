/**
 * Speculative steps: a finished draft, the judge's verdict, the base model's rewrite, and what
 * happens when a draft or judge call fails. Failure policy (design.md §1, issue 2): a failed or
 * unscorable judge call counts as a rejection and the base model writes the step — never keep a
 * step nobody vouched for. A failed draft call hands the step to the base model; after
 * `draftFailureLimit` failures in a row the rest of the turn runs on the base model alone.
 */
import type { CallFailure } from './events.ts';
import {
  abortCall,
  type Context,
  discardAhead,
  emit,
  keepStep,
  proposeDraft,
  scheduleNext,
  startCallFor,
} from './machine-context.ts';
import type { GenerateResult, JudgeResult } from './ports.ts';
import { callId } from './requests.ts';
import { isAccepted, scoreJudgeResult } from './scoring.ts';
import type { CallRef, DraftCandidate } from './state.ts';
import { cleanStep } from './stop-rules.ts';
import { outputTokens, uncachedPromptTokens } from './usage.ts';

function candidateOf(
  result: GenerateResult,
  elapsedMs: number,
): DraftCandidate & {
  estimated: boolean;
} {
  const text = cleanStep(result.text);
  const { tokens, estimated } = outputTokens(result.usage, result.text);
  return {
    text,
    tokens,
    elapsedMs,
    estimated,
  };
}

/** A draft or base step call finished. */
export function onStepGenerated(
  context: Context,
  call: CallRef,
  result: GenerateResult,
  elapsedMs: number,
): void {
  const { state } = context;
  const { estimated, ...candidate } = candidateOf(result, elapsedMs);
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
      proposeDraft(context, candidate);
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
  keepBaseStep(context, candidate);
}

/** Keeps the base model's version of the pending step. */
function keepBaseStep(context: Context, candidate: DraftCandidate): void {
  const { state } = context;
  const pending = state.pending;
  if (pending === undefined) return;
  const draft = pending.draft;
  if (draft !== undefined) {
    state.usage.stepsRegenerated += 1;
    emit(context, {
      type: 'step-regenerated',
      index: pending.index,
      text: candidate.text,
      tokens: candidate.tokens,
      elapsedMs: candidate.elapsedMs,
      draftText: draft.text,
    });
  } else {
    state.usage.stepsBase += 1;
    emit(context, {
      type: 'step-generated',
      index: pending.index,
      text: candidate.text,
      tokens: candidate.tokens,
      origin: 'base',
      reason: pending.direct ?? 'draft-failed',
      elapsedMs: candidate.elapsedMs,
    });
  }
  keepStep(context, {
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
}

/** The judge answered: score the pending draft and decide. */
export function onJudged(
  context: Context,
  call: CallRef,
  result: JudgeResult,
  elapsedMs: number,
): void {
  const { state } = context;
  state.usage.judgeCalls += 1;
  state.usage.judgePrefillTokens += uncachedPromptTokens(result.usage) ?? 0;
  state.usage.basePromptTokens += result.usage.promptTokens ?? 0;
  if (state.pending?.index !== call.index) return;
  const score = scoreJudgeResult(result, state.config.scoreMethod);
  if (score === undefined) state.usage.judgeFailures += 1;
  decide(context, score ?? null, elapsedMs, undefined);
}

function decide(
  context: Context,
  score: number | null,
  elapsedMs: number,
  failure: CallFailure | undefined,
): void {
  const { state } = context;
  const pending = state.pending;
  const draft = pending?.draft;
  if (pending === undefined || draft === undefined) return;
  pending.score = score;
  pending.judgeElapsedMs = elapsedMs;
  const threshold = state.config.threshold;
  emit(context, {
    type: 'step-scored',
    index: pending.index,
    score,
    threshold,
    elapsedMs,
    failure,
  });
  if (score !== null && isAccepted(score, threshold)) {
    abortCall(context, callId('base-step', pending.index));
    if (pending.hedge !== undefined) state.usage.discardedTokens += pending.hedge.tokens;
    state.usage.stepsAccepted += 1;
    emit(context, {
      type: 'step-accepted',
      index: pending.index,
      text: draft.text,
      tokens: draft.tokens,
      score,
    });
    keepStep(context, {
      index: pending.index,
      text: draft.text,
      origin: 'draft',
      decision: 'accepted',
      score,
      tokens: draft.tokens,
      timings: { draftMs: draft.elapsedMs, judgeMs: elapsedMs },
    });
    return;
  }
  emit(context, { type: 'step-rejected', index: pending.index, score });
  discardAhead(context);
  if (pending.hedge !== undefined) keepBaseStep(context, pending.hedge);
  else startCallFor(context, 'base-step', pending.index);
}

/** A draft or judge call failed, or a speculative call of any kind. */
export function onDraftFailed(
  context: Context,
  call: CallRef,
  failure: CallFailure,
  elapsedMs: number,
): void {
  const { state } = context;
  if (call.kind === 'judge') {
    state.usage.judgeCalls += 1;
    state.usage.judgeFailures += 1;
    decide(context, null, elapsedMs, failure);
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
    emit(context, {
      type: 'draft-degraded',
      failures: state.consecutiveDraftFailures,
      failure,
    });
  }
  pending.direct = state.draftDegraded ? 'draft-degraded' : 'draft-failed';
  scheduleNext(context);
}
