/**
 * MODEL_FIRST_TOKEN_TIMEOUT_MS: how long a model call waits for its first token, read from the
 * Worker's variables (the fault suites set it low so a hung backend costs seconds, not minutes).
 */
import { describe, expect, it } from 'vitest';
import { createBackends } from '../../src/adapters/create-backends.ts';
import { isModelCallError } from '../../src/core/errors.ts';
import { createFakeScheduler, createRecordingSleep } from '../adapters/helpers/fake-time.ts';
import { stepRequest } from '../adapters/helpers/models.ts';

const LOCAL_ENV = {
  BASE_URL: 'http://127.0.0.1:8788/v1',
  BASE_MODEL: 'base',
  DRAFT_PROVIDER: 'openai-compatible',
  DRAFT_URL: 'http://127.0.0.1:8788/v1',
  DRAFT_MODEL: 'draft',
};

/** A backend that never answers, until the caller aborts. */
const hangingFetch = ((_input: RequestInfo | URL, init?: RequestInit) =>
  new Promise<Response>((_, reject) => {
    init?.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true });
  })) as typeof fetch;

async function timeoutAfter(env: Record<string, string>, advanceMs: number): Promise<unknown> {
  const scheduler = createFakeScheduler();
  const { base } = createBackends({
    env,
    fetch: hangingFetch,
    callOptions: {
      schedule: scheduler.schedule,
      sleep: createRecordingSleep().sleep,
      retry: { maxRetries: 0 },
    },
  });
  const outcome = base.generate(stepRequest()).then(
    () => 'answered',
    (error: unknown) => error,
  );
  scheduler.advance(advanceMs);
  return outcome;
}

describe('MODEL_FIRST_TOKEN_TIMEOUT_MS', { timeout: 10_000 }, () => {
  it('gives up on a hung backend after the configured wait for the first token', async () => {
    const error = await timeoutAfter({ ...LOCAL_ENV, MODEL_FIRST_TOKEN_TIMEOUT_MS: '1500' }, 1500);
    expect(isModelCallError(error) && [error.code, error.isRetryable]).toEqual(['timeout', true]);
    expect(String((error as Error).message)).toContain(
      'timed out after 1500 ms for the first token',
    );
  });

  it('keeps the one-minute default when the variable is not set', async () => {
    const error = await timeoutAfter(LOCAL_ENV, 60_000);
    expect(String((error as Error).message)).toContain('timed out after 60000 ms');
  });

  it('refuses a value that is not a positive whole number, by name', () => {
    for (const value of ['0', '-5', 'soon', '1.5']) {
      expect(() =>
        createBackends({ env: { ...LOCAL_ENV, MODEL_FIRST_TOKEN_TIMEOUT_MS: value } }),
      ).toThrow(`MODEL_FIRST_TOKEN_TIMEOUT_MS must be a positive whole number (got "${value}")`);
    }
  });
});
