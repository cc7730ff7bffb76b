/**
 * The request bodies the OpenAI-compatible adapter sends, for both API modes: the core's sampling
 * parameters (temperature, top_p, max_tokens, stop, seed) and nothing more, so `top_k`, `min_p`
 * and `repetition_penalty` come from the server's generation config, as they did for the
 * reference (core/ports.ts `SamplingParameters`). Fields outside the OpenAI set are vLLM extras
 * that SGLang and llama.cpp accept or ignore.
 */
import type { ChatMessage, GenerateRequest, JudgeRequest } from '../../core/ports.ts';

export type OpenAIApiMode = 'chat' | 'completions';

/**
 * How a chat request ends: a final assistant message is continued in place (vLLM answers 400
 * when both flags are true, so the generation prompt is turned off explicitly); any other
 * final message opens a new assistant turn.
 */
export function continuationFlags(messages: readonly ChatMessage[]) {
  const isContinuation = messages.at(-1)?.role === 'assistant';
  return { add_generation_prompt: !isContinuation, continue_final_message: isContinuation };
}

function chatMessages(messages: readonly ChatMessage[]) {
  return messages.map(({ role, content }) => ({ role, content }));
}

function seedField(seed: number | undefined) {
  return seed === undefined ? {} : { seed };
}

/**
 * A streamed step or answer. `prompt` is the locally rendered prompt (completions mode only).
 * The stop string is excluded from the text, and special tokens are skipped, as the defaults
 * say, but stated so that a server with other defaults cannot change the text we cut.
 */
export function generateBody(
  mode: OpenAIApiMode,
  model: string,
  request: GenerateRequest,
  prompt: string | undefined,
): Record<string, unknown> {
  const { sampling } = request;
  const input =
    mode === 'chat'
      ? { messages: chatMessages(request.messages), ...continuationFlags(request.messages) }
      : { prompt };
  return {
    model,
    ...input,
    max_tokens: sampling.maxTokens,
    temperature: sampling.temperature,
    top_p: sampling.topP,
    stop: [...sampling.stop],
    ...seedField(sampling.seed),
    include_stop_str_in_output: false,
    skip_special_tokens: true,
    stream: true,
    stream_options: { include_usage: true },
  };
}

/**
 * A judge call: one greedy token with its top alternatives, not streamed (the reply is a single
 * token, so a stream would only add framing; a plain reply also always carries usage). Never
 * `echo` with logprobs on completions: that asks for prompt logprobs, which skip the prefix
 * cache.
 */
export function judgeBody(
  mode: OpenAIApiMode,
  model: string,
  request: JudgeRequest,
  prompt: string | undefined,
): Record<string, unknown> {
  const sampling = {
    max_tokens: 1,
    temperature: 0,
    top_p: 1,
    ...seedField(request.seed),
  };
  if (mode === 'chat') {
    return {
      model,
      messages: chatMessages(request.messages),
      ...continuationFlags(request.messages),
      ...sampling,
      logprobs: true,
      top_logprobs: request.topLogprobs,
      stream: false,
    };
  }
  return { model, prompt, ...sampling, logprobs: request.topLogprobs, echo: false, stream: false };
}
