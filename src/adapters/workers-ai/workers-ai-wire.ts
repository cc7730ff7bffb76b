/**
 * The Workers AI wire format, for text generation: the inputs of both model families (legacy
 * `raw` prompts without `stop`; OpenAI-shaped messages with `stop`) and the reading of their
 * replies: native `{"response": …}` chunks (padding fields such as `"p"` ignored),
 * `choices[0].delta` chunks, and the same two shapes as whole, non-streamed replies. Usage is
 * taken from any chunk that carries it; none is promised.
 */
import type { GenerateRequest } from '../../core/ports.ts';
import { isRecord } from '../call/error-body.ts';
import {
  readOpenAIStepDelta,
  readUsage,
  type StepDelta,
} from '../openai-compatible/openai-wire.ts';

/** `legacy`: per-model text schema (`prompt`/`raw`, no `stop`, no `logprobs`); `openai`: chat completions. */
export type WorkersAiApi = 'legacy' | 'openai';

/**
 * The inputs of a streamed step. `max_tokens` is always sent: per-model defaults are as low as
 * 256. Legacy models get no `stop` (they have none); the adapter cuts the text itself.
 */
export function workersAiInputs(
  api: WorkersAiApi,
  request: GenerateRequest,
  prompt: string | undefined,
): Record<string, unknown> {
  const { sampling } = request;
  const common = {
    stream: true,
    max_tokens: sampling.maxTokens,
    temperature: sampling.temperature,
    top_p: sampling.topP,
    ...(sampling.seed === undefined ? {} : { seed: sampling.seed }),
  };
  if (api === 'legacy') return { prompt, raw: true, ...common };
  const messages = request.messages.map(({ role, content }) => ({ role, content }));
  return { messages, ...common, ...(sampling.stop.length > 0 ? { stop: [...sampling.stop] } : {}) };
}

/** Reads one chunk or whole reply of either family; `undefined` for an unknown shape. */
export function readWorkersAiStepDelta(value: unknown): StepDelta | undefined {
  const openAIShaped = readOpenAIStepDelta(value);
  if (openAIShaped !== undefined) return openAIShaped;
  if (!isRecord(value)) return undefined;
  const response = value.response;
  if (response !== undefined && response !== null && typeof response !== 'string') {
    return undefined;
  }
  return {
    text: response ?? '',
    finishReason: typeof value.finish_reason === 'string' ? value.finish_reason : undefined,
    usage: readUsage(value.usage),
  };
}

/**
 * The internal error codes that mean "no capacity right now": 3040 (capacity temporarily
 * exceeded) and 3036 (account limit); the AI SDK provider maps both to a retryable 429.
 */
export const WORKERS_AI_CAPACITY_CODES: readonly number[] = [3040, 3036];

export function isWorkersAiCapacityCode(code: string | number | undefined): boolean {
  const numeric = typeof code === 'string' ? Number.parseInt(code, 10) : code;
  return numeric !== undefined && WORKERS_AI_CAPACITY_CODES.includes(numeric);
}
