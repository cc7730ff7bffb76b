/**
 * The `usage` object of our API: OpenAI's fields plus the `specreason` extension (steps by
 * outcome, tokens by origin, judge calls, cost from the configured price table). Its shape is
 * `UsageSchema` in response-schemas.ts.
 */
import type { Prices } from '../app-config.ts';
import type { TurnUsage } from '../core/usage.ts';
import type { ApiUsage } from './response-schemas.ts';

export function costUsd(usage: TurnUsage, prices: Prices): number {
  const perToken = (price: number) => price / 1_000_000;
  const baseOutput = usage.baseTokens + (usage.stepsDraftOnly > 0 ? 0 : usage.answerTokens);
  const draftOutput = usage.draftTokens + (usage.stepsDraftOnly > 0 ? usage.answerTokens : 0);
  return (
    usage.draftPromptTokens * perToken(prices.draft.input) +
    draftOutput * perToken(prices.draft.output) +
    usage.basePromptTokens * perToken(prices.base.input) +
    baseOutput * perToken(prices.base.output)
  );
}

export function toApiUsage(usage: TurnUsage, prices: Prices): ApiUsage {
  const decided = usage.stepsAccepted + usage.stepsRegenerated;
  const promptTokens = usage.draftPromptTokens + usage.basePromptTokens;
  const completionTokens = usage.keptTokens + usage.answerTokens;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    completion_tokens_details: { reasoning_tokens: usage.keptTokens },
    specreason: {
      steps_proposed: usage.stepsProposed,
      steps_accepted: usage.stepsAccepted,
      steps_regenerated: usage.stepsRegenerated,
      steps_base: usage.stepsBase,
      steps_draft_only: usage.stepsDraftOnly,
      draft_tokens: usage.draftTokens,
      base_tokens: usage.baseTokens,
      answer_tokens: usage.answerTokens,
      judge_prefill_tokens: usage.judgePrefillTokens,
      judge_calls: usage.judgeCalls,
      judge_failures: usage.judgeFailures,
      draft_failures: usage.draftFailures,
      draft_prompt_tokens: usage.draftPromptTokens,
      base_prompt_tokens: usage.basePromptTokens,
      discarded_tokens: usage.discardedTokens,
      accept_rate: decided > 0 ? usage.stepsAccepted / decided : null,
      cost_usd: Number(costUsd(usage, prices).toFixed(8)),
      estimated: usage.estimated,
    },
  };
}
