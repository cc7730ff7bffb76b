/**
 * Small node:http helpers: reading a JSON body, writing a JSON or text response with the headers
 * uvicorn sends, opening an SSE stream, and noticing when the client goes away.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { JSON_CONTENT_TYPE, SERVER_HEADER, SSE_CONTENT_TYPE } from './wire/vllm-profile.ts';

const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** The request body as text (at most 32 MiB). */
export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new RangeError('Request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses `text` as JSON; `undefined` when it is not valid JSON. */
export function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** Writes a complete response whose body is already serialized. */
export function sendText(
  response: ServerResponse,
  status: number,
  body: string,
  contentType = JSON_CONTENT_TYPE,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    server: SERVER_HEADER,
    'content-length': String(Buffer.byteLength(body)),
    'content-type': contentType,
    ...headers,
  });
  response.end(body);
}

/** Starts a 200 event stream. */
export function openStream(response: ServerResponse, headers: Record<string, string> = {}): void {
  response.writeHead(200, { server: SERVER_HEADER, 'content-type': SSE_CONTENT_TYPE, ...headers });
  response.flushHeaders();
}

/** Writes one SSE event (`data: <payload>\n\n`) if the client is still there. */
export function writeEvent(response: ServerResponse, payload: string): void {
  if (!response.destroyed && !response.writableEnded) response.write(`data: ${payload}\n\n`);
}

/** An AbortSignal that fires when the client closes the connection before the response ends. */
export function clientGone(response: ServerResponse): AbortSignal {
  const controller = new AbortController();
  // The connection may already be gone by the time a handler asks.
  if (response.destroyed || response.socket === null || response.socket.destroyed)
    controller.abort();
  response.on('close', () => {
    if (!response.writableFinished) controller.abort();
  });
  return controller.signal;
}
