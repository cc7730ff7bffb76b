/**
 * One guarded HTTP round trip for the adapters that speak HTTP: POST a JSON body, turn a
 * failure status into a `ModelCallError` (with the server's message and `retry-after`), and
 * open the reply as a payload reader, whether the server streamed it (SSE) or, ignoring
 * `stream: true`, sent one JSON document.
 */
import type { CallGuard } from '../call/call-guard.ts';
import { type CallTarget, httpError, networkError, protocolError } from '../call/call-target.ts';
import { createSseDataReader, DONE_PAYLOAD, type SseDataReader } from './sse-data-reader.ts';

export interface JsonPost {
  fetch: typeof fetch;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  guard: CallGuard;
  target: CallTarget;
  now: () => number;
  /** Overrides the status rule (408/409/429/5xx) when a backend has its own capacity codes. */
  isRetryable?: ((status: number, code: string | number | undefined) => boolean) | undefined;
}

/** Sends the request; resolves with a 2xx response, rejects with a `ModelCallError`. */
export async function postJson(post: JsonPost): Promise<Response> {
  const { guard, target } = post;
  const trippedBefore = guard.error;
  if (trippedBefore !== undefined) throw trippedBefore;
  let response: Response;
  try {
    response = await guard.race(
      post.fetch(post.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...post.headers },
        body: JSON.stringify(post.body),
        signal: guard.signal,
      }),
    );
  } catch (error) {
    throw guard.error ?? networkError(target, error);
  }
  if (response.ok) return response;
  // The status is the answer; its body may only add detail, within the total timeout.
  guard.markFirstToken();
  let bodyText = '';
  try {
    bodyText = await guard.race(response.text());
  } catch {
    if (guard.error?.code === 'aborted') throw guard.error;
  }
  throw httpError(target, response.status, bodyText, response.headers, post.now, post.isRetryable);
}

/** The whole reply body as text, guarded. */
export async function readReplyText(
  response: Response,
  guard: CallGuard,
  target: CallTarget,
): Promise<string> {
  try {
    return await guard.race(response.text());
  } catch (error) {
    throw guard.error ?? networkError(target, error);
  }
}

/** Unwraps a whole (non-streamed) reply into the document the payload reader hands on. */
export type ReplyUnwrapper = (value: unknown, text: string, target: CallTarget) => unknown;

/**
 * Opens a reply as payloads: SSE as it streams, or a JSON document (a server that ignored
 * `stream: true`) as one payload, after `unwrap` when the backend wraps its replies.
 */
export async function openReplyPayloads(
  response: Response,
  guard: CallGuard,
  target: CallTarget,
  unwrap?: ReplyUnwrapper,
): Promise<SseDataReader> {
  const contentType = response.headers.get('content-type') ?? '';
  if (contentType.includes('text/event-stream')) {
    if (response.body === null) throw protocolError(target, 'an event stream without a body');
    return createSseDataReader(response.body);
  }
  const text = await readReplyText(response, guard, target);
  if (unwrap === undefined) return createWholeReplyReader(text);
  return createWholeReplyReader(JSON.stringify(unwrap(parseReply(text, target), text, target)));
}

/** A reader over one JSON document, complete by construction. */
export function createWholeReplyReader(text: string): SseDataReader {
  let isRead = false;
  return {
    next: async () => {
      if (isRead) return undefined;
      isRead = true;
      return [text, DONE_PAYLOAD];
    },
    cancel: () => {},
  };
}

/** Parses a whole reply, or names it as malformed. */
export function parseReply(text: string, target: CallTarget): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw protocolError(target, `a reply that is not JSON: ${text.slice(0, 80)}`, error);
  }
}
