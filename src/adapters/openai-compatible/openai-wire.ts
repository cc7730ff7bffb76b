/**
 * Narrowing of OpenAI-compatible replies (vLLM, SGLang, llama.cpp), once: stream chunks and
 * whole responses of `/v1/chat/completions` and `/v1/completions` into what a step needs, and
 * judge replies into a token with its top logprobs, from either logprob layout. Reads fields
 * loosely (servers add, drop and null fields across versions); throws only on a missing
 * `choices`.
 */
import type { TokenLogprob, TokenUsage } from '../../core/ports.ts';
import { isRecord } from '../call/error-body.ts';
import type { StepDeltaReader } from '../call/step-delta.ts';
import { createChoiceTextReader, readChoiceText } from './reasoning-join.ts';

/**
 * A reader for the chunks (or the whole reply) of one call: `undefined` for a value without a
 * `choices` array. Stateful, because a reasoning parser's switch from `reasoning` to `content`
 * marks the end of thinking across chunks: create one per attempt.
 */
export function createOpenAIStepReader(): StepDeltaReader {
  const readText = createChoiceTextReader();
  return (value) => {
    if (!isRecord(value) || !Array.isArray(value.choices)) return undefined;
    const choice: unknown = value.choices[0];
    const usage = readUsage(value.usage);
    if (!isRecord(choice)) return { text: '', finishReason: undefined, usage };
    const finishReason =
      typeof choice.finish_reason === 'string' ? choice.finish_reason : undefined;
    return { text: readText(choice), finishReason, usage };
  };
}

/** Usage as reported; `undefined` when absent or null, each figure `undefined` when missing. */
export function readUsage(value: unknown): TokenUsage | undefined {
  if (!isRecord(value)) return undefined;
  const details = isRecord(value.prompt_tokens_details) ? value.prompt_tokens_details : {};
  return {
    promptTokens: asCount(value.prompt_tokens),
    completionTokens: asCount(value.completion_tokens),
    cachedPromptTokens: asCount(details.cached_tokens),
  };
}

/** The judge's output token and its alternatives, from a non-streamed reply. */
export interface JudgeReading {
  token: string | undefined;
  topLogprobs: TokenLogprob[] | undefined;
  usage: TokenUsage | undefined;
}

/**
 * Reads a judge reply in either layout: chat (`logprobs.content[0].top_logprobs`, a list; also
 * what llama.cpp sends for completions) or completions (`logprobs.top_logprobs[0]`, a dict).
 * Alternatives are sorted most likely first: a dict's digit keys come back from `JSON.parse` in
 * numeric order, not in the server's order.
 */
export function readJudgeReply(value: unknown): JudgeReading | undefined {
  if (!isRecord(value) || !Array.isArray(value.choices)) return undefined;
  const choice: unknown = value.choices[0];
  const usage = readUsage(value.usage);
  if (!isRecord(choice)) return { token: undefined, topLogprobs: undefined, usage };
  const text = readChoiceText(choice);
  const fallbackToken = text === '' ? undefined : text;
  const logprobs = choice.logprobs;
  if (!isRecord(logprobs)) return { token: fallbackToken, topLogprobs: undefined, usage };

  if (Array.isArray(logprobs.content)) {
    const first: unknown = logprobs.content[0];
    if (!isRecord(first)) return { token: fallbackToken, topLogprobs: undefined, usage };
    const listed = Array.isArray(first.top_logprobs) ? first.top_logprobs : [];
    const alternatives = listed.flatMap((item: unknown) =>
      isRecord(item) && typeof item.token === 'string' && typeof item.logprob === 'number'
        ? [{ token: item.token, logprob: item.logprob }]
        : [],
    );
    const token = typeof first.token === 'string' ? first.token : fallbackToken;
    return { token, topLogprobs: sortMostLikelyFirst(alternatives), usage };
  }

  if (Array.isArray(logprobs.top_logprobs)) {
    const position: unknown = logprobs.top_logprobs[0];
    const alternatives = isRecord(position)
      ? Object.entries(position).flatMap(([token, logprob]) =>
          typeof logprob === 'number' ? [{ token, logprob }] : [],
        )
      : [];
    const tokens = Array.isArray(logprobs.tokens) ? logprobs.tokens : [];
    const token = typeof tokens[0] === 'string' ? tokens[0] : fallbackToken;
    return { token, topLogprobs: sortMostLikelyFirst(alternatives), usage };
  }
  return { token: fallbackToken, topLogprobs: undefined, usage };
}

function sortMostLikelyFirst(alternatives: TokenLogprob[]): TokenLogprob[] {
  return alternatives.sort((a, b) => b.logprob - a.logprob);
}

function asCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
