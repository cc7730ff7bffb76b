/**
 * Replaying recorded backend replies through an injected `fetch`: fixture files (one payload per
 * line, exactly as the server wrote it) framed as SSE and cut into chunks of any size, plain
 * JSON replies, hangs and network failures. The fake fetch records every request and behaves
 * like the platform's on abort (it rejects, and the body stream errors).
 */
import { readFileSync } from 'node:fs';

const FIXTURES = new URL('../../fixtures/', import.meta.url);

/** The lines of a fixture file (`test/fixtures/<name>`), blank lines dropped. */
export function fixtureLines(name: string): string[] {
  return readFileSync(new URL(name, FIXTURES), 'utf8')
    .split('\n')
    .filter((line) => line !== '');
}

/** The single JSON document of a one-line fixture, as text. */
export function fixtureText(name: string): string {
  const [line] = fixtureLines(name);
  if (line === undefined) throw new Error(`Fixture ${name} is empty`);
  return line;
}

export interface SseFraming {
  /** How the stream ends: `data: [DONE]` (vLLM), a bare `[DONE]` line (Workers AI), or nothing. */
  done?: 'data' | 'bare' | 'none';
}

/** Frames payloads as vLLM does: `data: <payload>\n\n` each. */
export function sseText(payloads: readonly string[], framing: SseFraming = {}): string {
  const done = framing.done ?? 'data';
  const ending = done === 'data' ? 'data: [DONE]\n\n' : done === 'bare' ? '[DONE]\n\n' : '';
  return payloads.map((payload) => `data: ${payload}\n\n`).join('') + ending;
}

/** Cuts bytes into chunks of `size` bytes (1 = byte by byte, which splits UTF-8 characters). */
export function splitBytes(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let start = 0; start < bytes.length; start += size) {
    chunks.push(bytes.slice(start, start + size));
  }
  return chunks;
}

export interface ReplayBody {
  stream: ReadableStream<Uint8Array>;
  /** Whether the consumer cancelled the body (the upstream request was given up). */
  readonly wasCancelled: boolean;
  /** How many chunks the consumer pulled. */
  readonly pulledChunks: number;
}

/** A body that yields `chunks` one per read, then ends, or then hangs forever (`hang: true`). */
export function replayBody(chunks: readonly Uint8Array[], options: { hang?: boolean } = {}) {
  let index = 0;
  let wasCancelled = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const chunk = chunks[index];
        if (chunk !== undefined) {
          index++;
          controller.enqueue(chunk);
          return;
        }
        if (options.hang) return new Promise<void>(() => {});
        controller.close();
      },
      cancel() {
        wasCancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  const body: ReplayBody = {
    stream,
    get wasCancelled() {
      return wasCancelled;
    },
    get pulledChunks() {
      return index;
    },
  };
  return body;
}

export function sseResponse(body: ReplayBody, status = 200): Response {
  return new Response(body.stream, {
    status,
    headers: { 'content-type': 'text/event-stream; charset=utf-8' },
  });
}

export function jsonResponse(
  text: string,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  return new Response(text, {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** One recorded request. */
export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  signal: AbortSignal | undefined;
}

/** What the fake fetch does for one call: answer, hang until aborted, or fail. */
export type Reply = Response | 'hang' | 'network-failure' | (() => Response);

export interface ReplayFetch {
  fetch: typeof fetch;
  requests: RecordedRequest[];
}

/** A fetch that answers each call with the next reply, in order, and records the requests. */
export function createReplayFetch(replies: readonly Reply[]): ReplayFetch {
  const requests: RecordedRequest[] = [];
  const fetchImpl = async (input: string | URL | Request, init?: RequestInit) => {
    const signal = init?.signal ?? undefined;
    requests.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      body: JSON.parse(String(init?.body ?? '{}')),
      signal,
    });
    const reply = replies[requests.length - 1];
    if (reply === undefined) throw new Error(`No reply recorded for request ${requests.length}`);
    if (reply === 'network-failure') throw new TypeError('fetch failed');
    if (reply === 'hang') {
      return new Promise<Response>((_, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
    return typeof reply === 'function' ? reply() : reply;
  };
  return { fetch: fetchImpl as typeof fetch, requests };
}
