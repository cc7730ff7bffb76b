/**
 * Rate limiting per key: the Worker's own app with a real Rate Limiting binding of three
 * requests a minute (STRICT_RATE_LIMITER, declared for this project) in place of RATE_LIMITER.
 * The fourth request of a key is a 429 with retry-after in the OpenAI envelope; another key is
 * untouched; health is never limited.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.ts';
import { DEV_KEY, OTHER_KEY } from '../../worker/helpers.ts';
import { refusal } from './api.ts';

const LIMIT = 3;
const strict = {
  ...env,
  RATE_LIMITER: (env as unknown as { STRICT_RATE_LIMITER: RateLimit }).STRICT_RATE_LIMITER,
};
const app = createApp();

function get(path: string, key?: string): Promise<Response> {
  const headers: Record<string, string> =
    key === undefined ? {} : { authorization: `Bearer ${key}` };
  return Promise.resolve(app.fetch(new Request(`http://worker.test${path}`, { headers }), strict));
}

describe('the rate limit', () => {
  it('answers the request past the limit of a key with a 429 and retry-after, leaving other keys alone', async () => {
    for (let request = 0; request < LIMIT; request++)
      expect((await get('/v1/models', DEV_KEY)).status).toBe(200);
    const limited = await get('/v1/models', DEV_KEY);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(await refusal(limited)).toMatchObject({
      status: 429,
      type: 'rate_limit_error',
      code: 'rate_limit_exceeded',
    });
    expect((await get('/v1/models', OTHER_KEY)).status).toBe(200);
    for (let request = 0; request < LIMIT * 2; request++)
      expect((await get('/health')).status).toBe(200);
  });
});
