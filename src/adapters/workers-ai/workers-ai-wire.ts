/**
 * The Workers AI wire format, for text generation: the inputs of both model families (legacy
 * `raw` prompts without `stop`; OpenAI-shaped messages with `stop`) and the reading of their
 * replies: native `{"response": …}` chunks (padding fields such as `"p"` ignored),
 * `choices[0].delta` chunks, and the same two shapes as whole, non-streamed replies. Usage is
 * taken from any chunk that carries it; none is promised.
 */
import type { GenerateRequest } from '../../core/ports.ts';
import { isRecord } from '../call/error-body.ts';
import type { StepDeltaReader } from '../call/step-delta.ts';
import { createOpenAIStepReader, readUsage } from '../openai-compatible/openai-wire.ts';

/** `legacy`: per-model text schema (`prompt`/`raw`, no `stop`, no `logprobs`); `openai`: chat completions. */
export type WorkersAiApi = 'legacy' | 'openai';

/**
 * The sampling ranges of the published text-generation schemas (cloudflare/cloudflare-docs
 * src/content/workers-ai-models/deepseek-r1-distill-qwen-32b.json @ 08f6e6119ec6f3495dbf5b5bcc07b1c97ab55511
 * and qwen3-30b-a3b-fp8.json @ 2474c4c7565394bf1f5fc259d817cf24cf759c25): `seed` an integer in
 * 1–9999999999, `top_p` in 0.001–1. A value outside is refused with a 5006 error.
 */
export const WORKERS_AI_SEED_RANGE = { min: 1, max: 9_999_999_999 } as const;
export const WORKERS_AI_MIN_TOP_P = 0.001;

/**
 * Our seeds are 32-bit and may be 0, which the schema refuses. 0 becomes the schema's maximum,
 * a value no 32-bit seed can take, so distinct seeds stay distinct (and reproducible).
 */
export function workersAiSeed(seed: number): number {
  const whole = Math.trunc(seed);
  if (whole < WORKERS_AI_SEED_RANGE.min) return WORKERS_AI_SEED_RANGE.max;
  return Math.min(whole, WORKERS_AI_SEED_RANGE.max);
}

/**
 * The inputs of a streamed step. `max_tokens` is always sent: per-model defaults are as low as
 * 256. Legacy models get no `stop` and no `logprobs` (their schema has neither); the adapter cuts
 * the text itself.
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
    top_p: Math.max(sampling.topP, WORKERS_AI_MIN_TOP_P),
    ...(sampling.seed === undefined ? {} : { seed: workersAiSeed(sampling.seed) }),
  };
  if (api === 'legacy') return { prompt, raw: true, ...common };
  const messages = request.messages.map(({ role, content }) => ({ role, content }));
  return { messages, ...common, ...(sampling.stop.length > 0 ? { stop: [...sampling.stop] } : {}) };
}

/** A reader for the chunks (or the whole reply) of either family, one per attempt. */
export function createWorkersAiStepReader(): StepDeltaReader {
  const readOpenAIShaped = createOpenAIStepReader();
  return (value) => {
    const openAIShaped = readOpenAIShaped(value);
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

/**
 * The capacity code in a binding error's message, wherever it stands: the binding throws both
 * `"3040: …"` and `"InferenceUpstreamError: 3040: …"`. Every `<digits>:` group is looked at and
 * only a capacity code counts, so a request id cannot pass for one (the rule of cloudflare/ai
 * packages/gateway-core `parseWorkersAIErrorCode`).
 */
export function capacityCodeInMessage(message: string): number | undefined {
  for (const match of message.matchAll(/\b(\d{3,5})\s*:/g)) {
    const code = Number.parseInt(match[1] ?? '', 10);
    if (isWorkersAiCapacityCode(code)) return code;
  }
  return undefined;
}
