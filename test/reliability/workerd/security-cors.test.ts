/**
 * The CORS policy is explicit: with CORS_ORIGINS unset no browser origin may read any answer;
 * with it set, exactly the listed origins may (echoed, never `*`, without credentials), and
 * preflights from them are answered without a key. The Worker's own app, given each setting.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.ts';
import { DEV_KEY } from '../../worker/helpers.ts';

const ALLOWED = 'https://app.example.test';
const app = createApp();
const closed = { ...env, CORS_ORIGINS: '' };
const open = { ...env, CORS_ORIGINS: `${ALLOWED}, https://other.example.test` };

function send(
  settings: object,
  path: string,
  init: { method?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  return Promise.resolve(
    app.fetch(new Request(`http://worker.test${path}`, init), settings as CloudflareBindings),
  );
}

const preflight = (origin: string) => ({
  method: 'OPTIONS',
  headers: {
    origin,
    'access-control-request-method': 'POST',
    'access-control-request-headers': 'authorization, content-type',
  },
});

const withKey = (origin: string) => ({ headers: { origin, authorization: `Bearer ${DEV_KEY}` } });

describe('the CORS policy', () => {
  it('lets no origin read an answer when CORS_ORIGINS is unset', async () => {
    for (const origin of [ALLOWED, 'https://evil.test', 'null']) {
      const answer = await send(closed, '/v1/models', withKey(origin));
      expect(answer.status).toBe(200);
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
      const check = await send(closed, '/v1/chat/completions', preflight(origin));
      expect(check.headers.get('access-control-allow-origin')).toBeNull();
      expect(check.headers.get('access-control-allow-methods')).toBeNull();
    }
  });

  it('lets exactly the listed origins read answers, echoed and without credentials', async () => {
    const answer = await send(open, '/v1/models', withKey(ALLOWED));
    expect(answer.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
    expect(answer.headers.get('access-control-expose-headers')).toContain('x-conversation-id');
    expect(answer.headers.get('vary')?.toLowerCase()).toContain('origin');
    for (const origin of ['https://evil.test', 'https://app.example.test.evil.test', 'null', '*']) {
      const refused = await send(open, '/v1/models', withKey(origin));
      expect(refused.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });

  it('answers a preflight from a listed origin without a key, and no other', async () => {
    const allowed = await send(open, '/v1/chat/completions', preflight(ALLOWED));
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
      'authorization',
    );
    const other = await send(open, '/v1/chat/completions', preflight('https://evil.test'));
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
