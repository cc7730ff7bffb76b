/**
 * The one error family for infrastructure failures (a model call that did not succeed).
 * Outcomes a caller must handle in the normal course (a rejected draft, a spent budget) are
 * values, not errors. Instances are branded so `isModelCallError` works across realms.
 */

const MODEL_CALL_ERROR_BRAND = Symbol.for('specreason.error.ModelCallError');

/** What went wrong with a model call. */
export type ModelCallErrorCode =
  /** The server answered with an HTTP error status (see `status`). */
  | 'http'
  /** The server sent an error inside a stream that had started with 200. */
  | 'stream-error'
  /** No first token, or no completion, within the configured time. */
  | 'timeout'
  /** The connection failed or dropped before the call completed. */
  | 'network'
  /** The server's reply did not follow the protocol (malformed chunk, missing fields). */
  | 'protocol'
  /** The caller aborted the call. */
  | 'aborted';

export interface ModelCallErrorOptions {
  code: ModelCallErrorCode;
  message: string;
  /** HTTP status, when the server sent one. */
  status?: number | undefined;
  /** Whether trying again may succeed (408, 409, 429, 5xx, timeouts, network drops). */
  isRetryable?: boolean | undefined;
  /** The server's requested wait before a retry, in milliseconds. */
  retryAfterMs?: number | undefined;
  /** The server's error body, parsed loosely, for logs. */
  responseBody?: string | undefined;
  cause?: unknown;
}

/** Statuses worth retrying: request timeout, conflict, rate limit and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

export class ModelCallError extends Error {
  override readonly name = 'ModelCallError';
  readonly code: ModelCallErrorCode;
  readonly status: number | undefined;
  readonly isRetryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly responseBody: string | undefined;
  readonly [MODEL_CALL_ERROR_BRAND] = true;

  constructor(options: ModelCallErrorOptions) {
    super(options.message, { cause: options.cause });
    this.code = options.code;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.responseBody = options.responseBody;
    this.isRetryable =
      options.isRetryable ??
      (options.code === 'timeout' ||
        options.code === 'network' ||
        (options.status !== undefined && isRetryableStatus(options.status)));
  }
}

export function isModelCallError(error: unknown): error is ModelCallError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[MODEL_CALL_ERROR_BRAND] === true
  );
}
