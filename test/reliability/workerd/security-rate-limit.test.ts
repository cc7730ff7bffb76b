/**
 * Rate limiting per key: the Worker's own app with a real Rate Limiting binding of three
 * requests a minute (STRICT_RATE_LIMITER, declared for this project) in place of RATE_LIMITER.
 * The fourth request of a key is a 429 with retry-after in the OpenAI envelope; another key is
 * untouched; health is never limited.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.ts';
import { sha256Hex } from '../../../src/auth.ts';
import { refusal } from './api.ts';

const LIMIT = 3;
/**
 * Keys of this test alone. The binding counts in windows aligned to the clock's minutes, so four
 * requests that straddle the turn of a minute are counted in two windows and the fourth passes;
 * such a run is repeated with the next key, whose count starts at zero (it cannot straddle
 * again: the four requests take well under a minute).
 */
const KEYS = ['sk-rate-first', 'sk-rate-second'];
const UNTOUCHED_KEY = 'sk-rate-untouched';
const tenants = Object.fromEntries(
  await Promise.all([...KEYS, UNTOUCHED_KEY].map(async (key) => [await sha256Hex(key), 'rate'])),
);
const strict = {
  ...env,
  API_KEYS: JSON.stringify(tenants),
  RATE_LIMITER: (env as unknown as { STRICT_RATE_LIMITER: RateLimit }).STRICT_RATE_LIMITER,
};
const app = createApp();

function get(path: string, key?: string): Promise<Response> {
  const headers: Record<string, string> =
    key === undefined ? {} : { authorization: `Bearer ${key}` };
  return Promise.resolve(app.fetch(new Request(`http://worker.test${path}`, { headers }), strict));
}

/**
 * The binding's current window. Read before a key's first request and after its last answer,
 * workerd's clock (which moves only at I/O) brackets every moment the binding counted at.
 */
const limiterWindow = () => Math.floor(Date.now() / 60_000);

/** The statuses of a key's first `LIMIT` requests and its next answer, all in one window. */
async function pastTheLimit(): Promise<{ allowed: number[]; limited: Response }> {
  for (const key of KEYS) {
    const before = limiterWindow();
    const allowed: number[] = [];
    for (let request = 0; request < LIMIT; request++)
      allowed.push((await get('/v1/models', key)).status);
    const limited = await get('/v1/models', key);
    if (limiterWindow() === before) return { allowed, limited };
  }
  throw new Error(`${KEYS.length} runs of ${LIMIT + 1} requests each straddled a minute`);
}

describe('the rate limit', () => {
  it('answers the request past the limit of a key with a 429 and retry-after, leaving other keys alone', async () => {
    const { allowed, limited } = await pastTheLimit();
    expect(allowed).toEqual(Array(LIMIT).fill(200));
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(await refusal(limited)).toMatchObject({
      status: 429,
      type: 'rate_limit_error',
      code: 'rate_limit_exceeded',
    });
    expect((await get('/v1/models', UNTOUCHED_KEY)).status).toBe(200);
    for (let request = 0; request < LIMIT * 2; request++)
      expect((await get('/health')).status).toBe(200);
  });
});
