/**
 * The public API's errors: one class, and the one function that renders the OpenAI error
 * envelope `{ error: { message, type, param, code } }`, for plain responses and in-band stream
 * errors alike.
 */
import type { ErrorEnvelope } from './response-schemas.ts';

/** The error types the published error envelope lists (its schema is the one list). */
export type ApiErrorType = ErrorEnvelope['error']['type'];

export interface ApiErrorOptions {
  status: number;
  message: string;
  type?: ApiErrorType | undefined;
  /** The request parameter at fault, e.g. `specreason.threshold` or `messages[0].content`. */
  param?: string | null | undefined;
  code?: string | null | undefined;
  headers?: Record<string, string> | undefined;
}

const DEFAULT_TYPES: Record<number, ApiErrorType> = {
  401: 'authentication_error',
  404: 'not_found_error',
  429: 'rate_limit_error',
};

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly type: ApiErrorType;
  readonly param: string | null;
  readonly code: string | null;
  readonly headers: Record<string, string>;

  constructor(options: ApiErrorOptions) {
    super(options.message);
    this.status = options.status;
    this.type =
      options.type ??
      DEFAULT_TYPES[options.status] ??
      (options.status >= 500 ? 'server_error' : 'invalid_request_error');
    this.param = options.param ?? null;
    this.code = options.code ?? null;
    this.headers = options.headers ?? {};
  }
}

export function errorEnvelope(error: ApiError): ErrorEnvelope {
  return {
    error: { message: error.message, type: error.type, param: error.param, code: error.code },
  };
}

/** A JSON error response in the OpenAI envelope. */
export function errorResponse(error: ApiError): Response {
  return new Response(JSON.stringify(errorEnvelope(error)), {
    status: error.status,
    headers: { 'content-type': 'application/json', ...error.headers },
  });
}

export function badRequest(
  message: string,
  param: string | null,
  code = 'invalid_value',
): ApiError {
  return new ApiError({ status: 400, message, param, code });
}

export function notFound(message: string, param: string | null = null): ApiError {
  return new ApiError({ status: 404, message, param, code: 'not_found' });
}

/** What a stream reports when it breaks: `error` itself if it is ours, else a resumable 500. */
export function streamBroke(error: unknown, howToResume: string): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError({
    status: 500,
    message: `The event stream broke; ${howToResume}`,
    code: 'stream_error',
  });
}
