/**
 * The pinned vLLM version and everything about the wire that depends on it. The simulator speaks
 * vLLM v0.10.1.1 (OpenAI server in `vllm/entrypoints/openai/`, protocol.py at 0052bed3): the
 * first release with the nested error envelope; `reasoning_content` only (no `reasoning`);
 * `tool_calls: []` kept in messages; no `token_ids`/`prompt_token_ids` fields; context-length
 * errors in the "you requested N tokens" wording. Change the version here and only here.
 */

export const VLLM_VERSION = '0.10.1.1';

/** `--max-logprobs` default. */
export const MAX_LOGPROBS = 20;
/** `CompletionRequest.max_tokens` default. */
export const COMPLETIONS_DEFAULT_MAX_TOKENS = 16;
/** OpenAI defaults when neither the request nor the generation config sets a value. */
export const OPENAI_DEFAULT_SAMPLING = {
  temperature: 1.0,
  top_p: 1.0,
  top_k: 0,
  repetition_penalty: 1.0,
} as const;
/** The value vLLM puts in place of -inf logprobs. */
export const LOGPROB_FLOOR = -9999.0;
/** `created` in deterministic responses (requests with a `seed`, or `--deterministic`). */
export const DETERMINISTIC_CREATED = 1735689600;
/** uvicorn's `server` header. */
export const SERVER_HEADER = 'uvicorn';

/** Response headers of JSON and stream bodies (Starlette adds the charset to `text/*`). */
export const JSON_CONTENT_TYPE = 'application/json';
export const SSE_CONTENT_TYPE = 'text/event-stream; charset=utf-8';

/** Error texts, verbatim from the pinned version. */
export const MESSAGES = {
  unknownModel: (model: string) => `The model \`${model}\` does not exist.`,
  bothPromptFlags: 'Cannot set both `continue_final_message` and `add_generation_prompt` to True.',
  topLogprobsWithoutLogprobs: 'when using `top_logprobs`, `logprobs` must be set to true.',
  negativeTopLogprobs: '`top_logprobs` must be a positive value.',
  negativeLogprobs: '`logprobs` must be a positive value.',
  streamOptionsWithoutStream: 'Stream options can only be defined when `stream=True`.',
  promptMissing: 'At least one of `prompt` or `prompt_embeds` must be set.',
  tooManyLogprobs: (requested: number) =>
    `Requested sample logprobs of ${requested}, which is greater than max allowed: ${MAX_LOGPROBS}`,
  // transformers' apply_chat_template, raised when the default add_generation_prompt=True meets
  // continue_final_message=True (the request validator only sees explicit values).
  incompatibleFlags:
    'continue_final_message and add_generation_prompt are not compatible. Use continue_final_message ' +
    'when you want the model to continue the final message, and add_generation_prompt when you ' +
    'want to add a header that will prompt it to start a new assistant message instead.',
  contextTooLongNoMax: (maxModelLen: number, promptTokens: number) =>
    `This model's maximum context length is ${maxModelLen} tokens. However, you requested ` +
    `${promptTokens} tokens in the messages, Please reduce the length of the messages.`,
  contextTooLong: (maxModelLen: number, promptTokens: number, maxTokens: number) =>
    `This model's maximum context length is ${maxModelLen} tokens. However, you requested ` +
    `${promptTokens + maxTokens} tokens (${promptTokens} in the messages, ${maxTokens} in the ` +
    'completion). Please reduce the length of the messages or completion.',
  emptyStop: 'stop cannot contain an empty string.',
  negativeTemperature: (value: string) => `temperature must be non-negative, got ${value}.`,
  topPRange: (value: string) => `top_p must be in (0, 1], got ${value}.`,
  maxTokensRange: (value: number) => `max_tokens must be at least 1, got ${value}.`,
  onlyOneChoice: 'The simulator serves n=1 only.',
} as const;

/**
 * The chat endpoint formats preprocessing errors as f"{e} {e.__cause__}", so its template and
 * context-length messages end in " None"; the completions endpoint uses str(e).
 */
export const chatPreprocessingMessage = (message: string): string => `${message} None`;
