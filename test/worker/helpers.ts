/**
 * Helpers for Worker tests: requests through the Worker's own fetch, the fake backend behind it,
 * and SSE parsing.
 */
import { exports } from 'cloudflare:workers';
import { beforeEach } from 'vitest';
import { FakeVllm, type FakeVllmOptions, routeFetch } from '../fakes/fake-vllm.ts';

export const DEV_KEY = 'sk-local-dev';
export const OTHER_KEY = 'sk-test-other';
export const BACKEND_ORIGIN = 'http://127.0.0.1:8788';

export function call(
  path: string,
  init: RequestInit & { key?: string | null; json?: unknown } = {},
) {
  const headers = new Headers(init.headers);
  if (init.key !== null) headers.set('authorization', `Bearer ${init.key ?? DEV_KEY}`);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  return exports.default.fetch(`http://worker.test${path}`, {
    ...init,
    headers,
    body: init.json === undefined ? init.body : JSON.stringify(init.json),
  });
}

export function ask(body: Record<string, unknown>, key?: string) {
  return call('/v1/chat/completions', {
    method: 'POST',
    key,
    json: { model: 'specreason', messages: [{ role: 'user', content: 'What is 2+3?' }], ...body },
  });
}

/**
 * Sends the Worker's backend calls to a fresh FakeVllm in every test of the calling file, and
 * puts fetch back after each. Call it at the top of the file; it returns the current test's fake.
 */
export function useFakeBackend(options: FakeVllmOptions = {}): () => FakeVllm {
  let backend: FakeVllm;
  beforeEach(() => {
    backend = new FakeVllm(options);
    return routeFetch(BACKEND_ORIGIN, backend);
  });
  return () => backend;
}

/** Runs a turn to its end in a new conversation of the development key; returns its id. */
export async function finishedConversation(): Promise<string> {
  const response = await ask({});
  await response.text();
  return response.headers.get('x-conversation-id') as string;
}

export interface SseMessage {
  id?: string;
  event?: string;
  data: string;
}

/** Reads a whole SSE body into messages (comments dropped). */
export async function readSse(response: Response): Promise<SseMessage[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '' && !block.startsWith(':'))
    .map((block) => {
      const message: SseMessage = { data: '' };
      for (const line of block.split('\n')) {
        if (line.startsWith('id: ')) message.id = line.slice(4);
        else if (line.startsWith('event: ')) message.event = line.slice(7);
        else if (line.startsWith('data: ')) message.data += line.slice(6);
      }
      return message;
    });
}
