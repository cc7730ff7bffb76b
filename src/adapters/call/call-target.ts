/**
 * Call targets: how an adapter names one model call in its errors ("Base model request …: POST
 * http://…/v1/chat/completions"), and the constructors of every `ModelCallError` an adapter
 * throws. Messages name the operation and the URL, never a credential or a query string.
 */
import { ModelCallError } from '../../core/errors.ts';
import { describeErrorBody } from './error-body.ts';
import { retryAfterMsFromHeaders } from './retry-after.ts';

/** What an error message says about the call. */
export interface CallTarget {
  /** The operation, capitalised: `Base model request`, `Draft model request`, `Base model judge request`. */
  readonly operation: string;
  /** `POST http://host/v1/chat/completions`, without credentials or query. */
  readonly endpoint: string;
}

/** Which model a backend serves, for messages. */
export type ModelRole = 'base' | 'draft';

/** The operation as messages name it: `Base model request`, `Draft model judge request`. */
export function operationName(role: ModelRole, operation: string): string {
  return `${role === 'base' ? 'Base model' : 'Draft model'} ${operation}`;
}

export function createCallTarget(role: ModelRole, operation: string, url: string): CallTarget {
  return { operation: operationName(role, operation), endpoint: `POST ${redactUrl(url)}` };
}

/** Drops user info, query and fragment: the places where a key could hide. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return url.split('?')[0] ?? url;
  }
}

const MAX_KEPT_BODY_CHARS = 4000;

/** An HTTP error status, with the server's message and requested wait when it sent them. */
export function httpError(
  target: CallTarget,
  status: number,
  bodyText: string,
  headers: Headers,
  now: () => number,
  isRetryable?: (status: number, code: string | number | undefined) => boolean,
): ModelCallError {
  const body = describeErrorBody(bodyText);
  const detail = body.message === undefined ? '' : ` (${body.message})`;
  return new ModelCallError({
    code: 'http',
    status,
    message: `${target.operation} failed with status ${status}: ${target.endpoint}${detail}`,
    retryAfterMs: retryAfterMsFromHeaders(headers, now()),
    responseBody: bodyText.slice(0, MAX_KEPT_BODY_CHARS),
    isRetryable: isRetryable?.(status, body.code),
  });
}

/** An error the server put inside a stream that had started with 200. */
export function streamError(target: CallTarget, payload: string): ModelCallError {
  const body = describeErrorBody(payload);
  const status = typeof body.code === 'number' && body.code >= 400 ? body.code : undefined;
  return new ModelCallError({
    code: 'stream-error',
    status,
    message: `${target.operation} failed in the stream: ${target.endpoint} (${body.message ?? 'no message'})`,
    responseBody: payload.slice(0, MAX_KEPT_BODY_CHARS),
    // The stream had started, so only a server-side status says whether trying again can help.
    isRetryable: status === undefined || status >= 500 || status === 429,
  });
}

/**
 * A reply that breaks the protocol (a garbled chunk, a truncated body). Retryable, so a turn
 * pauses and tries again later instead of failing for good; the retry loop does not repeat it
 * at once, since a server that keeps answering malformed replies would only do so again.
 */
export function protocolError(
  target: CallTarget,
  problem: string,
  cause?: unknown,
): ModelCallError {
  return new ModelCallError({
    code: 'protocol',
    message: `${target.operation} got a malformed reply: ${target.endpoint} (${problem})`,
    isRetryable: true,
    cause,
  });
}

/** The prompt could not be rendered from the chat template: a configuration problem. */
export function promptError(target: CallTarget, cause: unknown): ModelCallError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ModelCallError({
    code: 'protocol',
    message: `${target.operation} could not render its prompt: ${target.endpoint} (${reason})`,
    isRetryable: false,
    cause,
  });
}

export function networkError(target: CallTarget, cause: unknown): ModelCallError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ModelCallError({
    code: 'network',
    message: `${target.operation} failed before completing: ${target.endpoint} (${reason})`,
    cause,
  });
}

export function timeoutError(
  target: CallTarget,
  which: 'first-token' | 'total',
  limitMs: number,
): ModelCallError {
  const waited = which === 'first-token' ? 'for the first token' : 'in total';
  return new ModelCallError({
    code: 'timeout',
    message: `${target.operation} timed out after ${limitMs} ms ${waited}: ${target.endpoint}`,
  });
}

export function abortedError(target: CallTarget, cause?: unknown): ModelCallError {
  return new ModelCallError({
    code: 'aborted',
    message: `${target.operation} was aborted: ${target.endpoint}`,
    isRetryable: false,
    cause,
  });
}
