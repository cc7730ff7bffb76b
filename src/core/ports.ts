/**
 * Ports: the only way the pure core reaches a model. Adapters (src/adapters) implement them for
 * each backend kind; tests implement them with fakes (test/fakes). Nothing here performs I/O.
 */

/** One chat message as the models see it. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * The sampling parameters every step and answer call sends. Only these are sent (as the
 * reference sent temperature, top_p, max_tokens and stop): `top_k`, `min_p`,
 * `repetition_penalty` and the penalties are left to the server, which fills them from the
 * model's generation config (vLLM's default `--generation-config auto`), as it did for the
 * reference (design.md §1; infra/deploy/README.md, "Base model endpoints").
 */
export interface SamplingParameters {
  /** Softmax temperature; 0 means greedy. */
  temperature: number;
  /** Nucleus sampling mass in (0, 1]. */
  topP: number;
  /** Upper bound on generated tokens for this call. */
  maxTokens: number;
  /** Stop strings. The returned text ends before the first occurrence; may be empty. */
  stop: readonly string[];
  /** Seed for reproducible sampling; `undefined` lets the server choose. */
  seed: number | undefined;
}

/** Why a generation ended: a unified value plus the backend's raw value. */
export interface FinishReason {
  /**
   * `stop`: a stop string or end of sequence; `length`: `maxTokens` or context length;
   * `other`: anything else the backend reported (or nothing at all).
   */
  unified: 'stop' | 'length' | 'other';
  /** The backend's own value, e.g. `"stop"`, `"length"`, `"abort"`; `undefined` when absent. */
  raw: string | undefined;
}

/** Token counts as the backend reported them; `undefined` when it did not report a figure. */
export interface TokenUsage {
  /** Tokens in the prompt, cached or not. */
  promptTokens: number | undefined;
  /** Tokens generated, including a token that completed a stop string. */
  completionTokens: number | undefined;
  /** Prompt tokens served from the prefix cache, when the backend says. */
  cachedPromptTokens: number | undefined;
}

/** A request to continue a conversation by one piece of text (a step or an answer). */
export interface GenerateRequest {
  /**
   * The conversation so far. When the last message is the assistant's, the model continues its
   * content verbatim (no new turn is opened); otherwise the model's generation prompt opens a
   * new assistant message.
   */
  messages: readonly ChatMessage[];
  sampling: SamplingParameters;
  /**
   * Close the open thinking before the model writes: the prompt gets `</think>` and a blank line
   * after the continued assistant message, so the model writes only the answer (as budget forcing
   * does). Never part of `text`. Honoured only by a model whose `closesThinking` is true.
   */
  closeThinking?: boolean | undefined;
  /** Aborting ends the call with a `ModelCallError` whose code is `aborted`. */
  signal?: AbortSignal | undefined;
  /**
   * Called with each piece of new visible text, in order, before the promise resolves. Text at
   * or after a stop string is never delivered, so the pieces concatenate to `text`.
   */
  onText?: ((text: string) => void) | undefined;
  /** A stable key (the conversation) that lets the backend route to a warm prefix cache. */
  affinityKey?: string | undefined;
}

/** The outcome of a successful `generate` call. */
export interface GenerateResult {
  /** The continuation only (never the prefix), cut before the first stop string. */
  text: string;
  finishReason: FinishReason;
  usage: TokenUsage;
}

/** A model that writes text: the draft model, or the base model writing a step or the answer. */
export interface StepModel {
  /** The backend's model name, for traces and logs. */
  readonly modelId: string;
  /**
   * Whether the model honours `closeThinking`: true for adapters that render the prompt
   * themselves (completions mode, Workers AI raw prompts). A chat-mode adapter cannot (the
   * server's Qwen-family template drops every step before a `</think>` in the continued
   * message), so there the model continues its open thinking and closes it itself.
   */
  readonly closesThinking?: boolean | undefined;
  /**
   * Streams one continuation and resolves once it is complete: at a stop string (cut by the
   * adapter even when the server ignores `stop`, with the upstream request aborted), at
   * `maxTokens`, or at the end of the sequence. Rejects with a `ModelCallError`.
   */
  generate(request: GenerateRequest): Promise<GenerateResult>;
}

/** One alternative for the judge's single output token. */
export interface TokenLogprob {
  /** The token as decoded text (may be whitespace, a digit, or anything else). */
  token: string;
  /** Natural-log probability, at most 0; the backend's clamp value (-9999) means "impossible". */
  logprob: number;
}

/** A prefill-only scoring call: one output token, with its top alternatives. */
export interface JudgeRequest {
  /** Judge conversation ending with the assistant prefix whose next token is the score. */
  messages: readonly ChatMessage[];
  /** Number of alternatives wanted (the reference uses 10; vLLM allows at most 20). */
  topLogprobs: number;
  /** Seed for the call; the judge is greedy, so this only matters to odd backends. */
  seed: number | undefined;
  signal?: AbortSignal | undefined;
  affinityKey?: string | undefined;
}

/** The outcome of a successful judge call. */
export interface JudgeResult {
  /** The sampled token (greedy: the most likely one); `undefined` if the backend sent none. */
  token: string | undefined;
  /**
   * The top alternatives for the output token, most likely first, as the backend listed them;
   * `undefined` when the backend returned no logprobs at all.
   */
  topLogprobs: readonly TokenLogprob[] | undefined;
  usage: TokenUsage;
}

/**
 * The base model as a judge: continues the judge conversation by exactly one token at
 * temperature 0 (`max_tokens: 1`, `logprobs: true`). Rejects with a `ModelCallError`.
 */
export interface StepJudge {
  readonly modelId: string;
  judge(request: JudgeRequest): Promise<JudgeResult>;
}
