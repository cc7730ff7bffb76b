/**
 * Helpers for Worker tests: requests through the Worker's own fetch and the fake backend behind
 * it (SSE bodies: test/support/sse.ts).
 */
import { exports } from 'cloudflare:workers';
import { beforeEach } from 'vitest';
import type { StartTurnInput } from '../../src/conversation-types.ts';
import { resolveTurnConfig } from '../../src/core/config.ts';
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

/**
 * Runs `work` with the Worker's backend calls sent to a fresh FakeVllm, and puts fetch back
 * after it: for set-ups in `beforeAll`, which run before `useFakeBackend`'s fake is in place.
 */
export async function withFakeBackend<T>(
  options: FakeVllmOptions,
  work: (backend: FakeVllm) => Promise<T>,
): Promise<T> {
  const backend = new FakeVllm(options);
  const restore = routeFetch(BACKEND_ORIGIN, backend);
  try {
    return await work(backend);
  } finally {
    restore();
  }
}

/** Runs a turn to its end in a new conversation of the development key; returns its id. */
export async function finishedConversation(): Promise<string> {
  const response = await ask({});
  await response.text();
  return response.headers.get('x-conversation-id') as string;
}

/** A seeded turn of "What is 2+3?" that creates conversation `conversationId` of tenant `dev`. */
export function turnInput(conversationId: string): StartTurnInput {
  return {
    conversationId,
    tenant: 'dev',
    create: true,
    problem: { template: 'math', text: 'What is 2+3?' },
    userText: 'What is 2+3?',
    config: resolveTurnConfig({ seed: 7 }),
  };
}
