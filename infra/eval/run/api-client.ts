/**
 * Talks to SpecReason Edge's public API through the official `openai` SDK (as users do): one
 * non-streamed chat completion per call, with the SDK's own retries off (run-sample.ts retries,
 * with an injected sleep). Narrows the reply — content, `reasoning_content`, `usage` with its
 * `specreason` extension, the top-level `specreason` object — and the OpenAI error envelope.
 */
import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { ChatRequestBody } from './request-body.ts';

/** Token and step accounting of one reply; a field the server did not send is undefined. */
export interface ReplyUsage {
  promptTokens?: number | undefined;
  completionTokens?: number | undefined;
  stepsProposed?: number | undefined;
  stepsAccepted?: number | undefined;
  stepsRegenerated?: number | undefined;
  stepsBase?: number | undefined;
  draftTokens?: number | undefined;
  baseTokens?: number | undefined;
  judgePrefillTokens?: number | undefined;
  judgeCalls?: number | undefined;
  costUsd?: number | undefined;
}

/** The parts of a chat completion the harness grades and reports. */
export interface ApiReply {
  content: string;
  /** The kept reasoning steps. */
  reasoning: string;
  finishReason: string | undefined;
  usage: ReplyUsage;
  conversationId: string | undefined;
  /** The server's own measure of the turn, in milliseconds. */
  serverElapsedMs: number | undefined;
}

/** What is known about a failed call. */
export interface ApiCallErrorDetails {
  /** The HTTP status, when the server answered. */
  status?: number | undefined;
  /** `error.type` and `error.code` of the OpenAI envelope. */
  type?: string | undefined;
  code?: string | undefined;
  /** 408, 409, 429, 5xx, timeouts and dropped connections. */
  isRetryable: boolean;
  /** The server's requested wait before a retry. */
  retryAfterMs?: number | undefined;
  /** The caller aborted the call (the run is stopping); not a failure of the sample. */
  isAbort?: boolean | undefined;
}

/** A failed call; its message names the operation and the target. */
export class ApiCallError extends Error {
  override readonly name = 'ApiCallError';
  readonly details: ApiCallErrorDetails;
  constructor(message: string, details: ApiCallErrorDetails) {
    super(message);
    this.details = details;
  }
}

export interface ApiClient {
  complete(body: ChatRequestBody, signal?: AbortSignal): Promise<ApiReply>;
}

export interface ApiClientOptions {
  /** The Worker's origin, without `/v1`. */
  url: string;
  apiKey: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const client = new OpenAI({
    baseURL: `${options.url.replace(/\/+$/, '')}/v1`,
    apiKey: options.apiKey,
    maxRetries: 0,
    timeout: options.timeoutMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const endpoint = `POST ${options.url.replace(/\/+$/, '')}/v1/chat/completions`;
  return {
    async complete(body, signal) {
      const params: ChatCompletionCreateParamsNonStreaming = body;
      try {
        const completion = await client.chat.completions.create(params, { signal });
        return parseReply(completion);
      } catch (error) {
        throw toApiCallError(error, endpoint);
      }
    },
  };
}

/** Reads a chat completion loosely: extension fields are not in the SDK's types. */
export function parseReply(completion: unknown): ApiReply {
  const root = record(completion);
  const choice = record(Array.isArray(root.choices) ? root.choices[0] : undefined);
  const message = record(choice.message);
  const usage = record(root.usage);
  const extension = record(usage.specreason);
  const turn = record(root.specreason);
  return {
    content: text(message.content),
    reasoning: text(message.reasoning_content ?? message.reasoning),
    finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : undefined,
    usage: {
      promptTokens: number(usage.prompt_tokens),
      completionTokens: number(usage.completion_tokens),
      stepsProposed: number(extension.steps_proposed),
      stepsAccepted: number(extension.steps_accepted),
      stepsRegenerated: number(extension.steps_regenerated),
      stepsBase: number(extension.steps_base),
      draftTokens: number(extension.draft_tokens),
      baseTokens: number(extension.base_tokens),
      judgePrefillTokens: number(extension.judge_prefill_tokens),
      judgeCalls: number(extension.judge_calls),
      costUsd: number(extension.cost_usd),
    },
    conversationId: typeof turn.conversation_id === 'string' ? turn.conversation_id : undefined,
    serverElapsedMs: number(turn.elapsed_ms),
  };
}

function toApiCallError(error: unknown, endpoint: string): ApiCallError {
  if (error instanceof OpenAI.APIUserAbortError) {
    return new ApiCallError(`Request aborted: ${endpoint}`, { isRetryable: false, isAbort: true });
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new ApiCallError(`Request timed out: ${endpoint}`, { isRetryable: true });
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return new ApiCallError(`Connection failed (${error.message}): ${endpoint}`, {
      isRetryable: true,
    });
  }
  if (error instanceof OpenAI.APIError && error.status !== undefined) {
    const status = error.status;
    const envelope = record(error.error);
    const detail = typeof envelope.message === 'string' ? envelope.message : error.message;
    return new ApiCallError(`Request failed with status ${status}: ${endpoint}: ${detail}`, {
      status,
      type: error.type ?? undefined,
      code: error.code === null || error.code === undefined ? undefined : String(error.code),
      isRetryable: status === 408 || status === 409 || status === 429 || status >= 500,
      retryAfterMs: retryAfterMs(error.headers),
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ApiCallError(`Unreadable reply (${message}): ${endpoint}`, { isRetryable: false });
}

/** `retry-after-ms`, else `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const milliseconds = Number(headers?.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = headers?.get('retry-after');
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function number(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
