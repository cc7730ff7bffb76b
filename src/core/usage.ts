/**
 * Turn accounting: steps by outcome, tokens by origin, judge calls. Counters only; the machine
 * updates them and the API turns them into `usage` and cost.
 */
import type { TokenUsage } from './ports.ts';

export interface TurnUsage {
  /** Draft steps proposed for judging. */
  stepsProposed: number;
  /** Proposed drafts kept. */
  stepsAccepted: number;
  /** Proposed drafts rejected and rewritten by the base model. */
  stepsRegenerated: number;
  /** Steps the base model wrote without a judged draft (first-n, draft failure, base mode). */
  stepsBase: number;
  /** Steps the draft model wrote without judging (draft mode). */
  stepsDraftOnly: number;
  /** Output tokens of every draft call, kept or not. */
  draftTokens: number;
  /** Output tokens of the base model's steps. */
  baseTokens: number;
  /** Output tokens of the final answer. */
  answerTokens: number;
  /** Output tokens of kept steps (the budget counter). */
  keptTokens: number;
  /** Prompt tokens the judge calls had to prefill (not served from the prefix cache). */
  judgePrefillTokens: number;
  judgeCalls: number;
  judgeFailures: number;
  draftFailures: number;
  /** Prompt tokens sent to each model, cached or not. */
  draftPromptTokens: number;
  basePromptTokens: number;
  /** Output tokens of drafts made ahead and thrown away (pipelining). */
  discardedTokens: number;
  /** Whether some token counts are estimates (a backend that reports no usage). */
  estimated: boolean;
}

export function emptyTurnUsage(): TurnUsage {
  return {
    stepsProposed: 0,
    stepsAccepted: 0,
    stepsRegenerated: 0,
    stepsBase: 0,
    stepsDraftOnly: 0,
    draftTokens: 0,
    baseTokens: 0,
    answerTokens: 0,
    keptTokens: 0,
    judgePrefillTokens: 0,
    judgeCalls: 0,
    judgeFailures: 0,
    draftFailures: 0,
    draftPromptTokens: 0,
    basePromptTokens: 0,
    discardedTokens: 0,
    estimated: false,
  };
}

/**
 * A rough token count for text a backend did not count: about four characters per token on
 * English, and at least one token for a non-empty string.
 */
export function estimateTokens(text: string): number {
  if (text.length === 0) return 0;
  return Math.max(1, Math.ceil(text.length / 4));
}

/** Output tokens of a call: the backend's figure, or an estimate from the text. */
export function outputTokens(
  usage: TokenUsage,
  text: string,
): { tokens: number; estimated: boolean } {
  if (usage.completionTokens !== undefined) {
    return { tokens: usage.completionTokens, estimated: false };
  }
  return { tokens: estimateTokens(text), estimated: true };
}

/** Prompt tokens the backend had to compute: all of them minus those served from cache. */
export function uncachedPromptTokens(usage: TokenUsage): number | undefined {
  if (usage.promptTokens === undefined) return undefined;
  return usage.promptTokens - (usage.cachedPromptTokens ?? 0);
}
