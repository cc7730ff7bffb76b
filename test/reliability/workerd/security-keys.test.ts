/**
 * API keys: every route in the OpenAPI document (and any other path under /v1) needs one, only
 * /health, the OpenAPI document and the page do not; keys are configured as SHA-256 hashes only
 * and compared against every configured hash, whichever matches.
 */
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAppConfig } from '../../../src/app-config.ts';
import { authenticate, constantTimeEqual, sha256Hex } from '../../../src/auth.ts';
import {
  call,
  DEV_KEY,
  finishedConversation,
  useFakeBackend,
  withFakeBackend,
} from '../../worker/helpers.ts';
import { fuzzRuns, refusal } from './api.ts';

useFakeBackend({ answerAt: 1 });

/** Routes anyone may call: the health check and the OpenAPI document (the page is static). */
const PUBLIC_PATHS = new Set(['/health', '/openapi.json']);

/** Every operation of the OpenAPI document, with a real conversation and turn filled in. */
let operations: Array<{ method: string; path: string }>;

beforeAll(async () => {
  const conversation = await withFakeBackend({ answerAt: 1 }, finishedConversation);
  const document = (await (await call('/openapi.json', { key: null })).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const documented = Object.entries(document.paths);
  expect(documented.map(([template]) => template)).toContain('/health');
  operations = documented
    .filter(([template]) => !PUBLIC_PATHS.has(template))
    .flatMap(([template, methods]) =>
      Object.keys(methods).map((method) => ({
        method: method.toUpperCase(),
        path: template.replace('{conversation}', conversation).replace('{turn}', '1'),
      })),
    );
});

describe('API keys on every route', () => {
  it('refuses every documented operation without a key, with a wrong key, or with a key sent some other way', async () => {
    expect(operations.length).toBeGreaterThanOrEqual(8);
    const hashOfKey = await sha256Hex(DEV_KEY);
    const attempts: Array<{
      key: string | null;
      headers?: Record<string, string>;
      query?: string;
    }> = [
      { key: null },
      { key: 'sk-wrong' },
      { key: hashOfKey },
      { key: null, headers: { authorization: `Basic ${btoa(`user:${DEV_KEY}`)}` } },
      { key: null, headers: { authorization: DEV_KEY } },
      { key: null, headers: { 'x-api-key': DEV_KEY } },
      { key: null, query: `?api_key=${DEV_KEY}` },
    ];
    for (const { method, path } of operations) {
      for (const attempt of attempts) {
        const response = await call(`${path}${attempt.query ?? ''}`, {
          method,
          key: attempt.key,
          headers: attempt.headers,
        });
        const error = await refusal(response);
        expect(error, `${method} ${path} ${JSON.stringify(attempt)}`).toMatchObject({
          status: 401,
          type: 'authentication_error',
        });
      }
      const allowed = await call(path, { method });
      expect(allowed.status, `${method} ${path}`).not.toBe(401);
      await allowed.text();
    }
  });

  it('refuses any other path under /v1 without a key before saying whether it exists', async () => {
    const segment = fc.string({ minLength: 1, maxLength: 20 }).map(encodeURIComponent);
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 4 }), async (parts) => {
        const error = await refusal(await call(`/v1/${parts.join('/')}`, { key: null }));
        expect(error.status).toBe(401);
      }),
      fuzzRuns(100),
    );
  });

  it('serves health and the OpenAPI document without a key', async () => {
    for (const path of PUBLIC_PATHS) expect((await call(path, { key: null })).status).toBe(200);
  });
});

describe('keys kept as hashes, compared in constant time', () => {
  it('accepts only a table of SHA-256 hashes: a plain key in the table is a misconfiguration', () => {
    const plain = { ...env, API_KEYS: JSON.stringify({ [DEV_KEY]: 'dev' }) };
    expect(() => readAppConfig(plain)).toThrow(/API_KEYS/);
    const hashed = JSON.parse((env as unknown as { API_KEYS: string }).API_KEYS) as object;
    expect(Object.keys(hashed).every((hash) => /^[0-9a-f]{64}$/.test(hash))).toBe(true);
  });

  it('visits every configured hash whichever key is presented, matching or not', async () => {
    const keys = ['sk-a', 'sk-b', 'sk-c', 'sk-d'];
    const table = new VisitCountingMap(
      await Promise.all(keys.map(async (key) => [await sha256Hex(key), key] as const)),
    );
    for (const presented of [...keys, 'sk-nobody']) {
      table.visits = 0;
      const outcome = await authenticate(`Bearer ${presented}`, table).catch(() => 'refused');
      expect(table.visits, presented).toBe(keys.length);
      expect(outcome).toEqual(
        presented === 'sk-nobody' ? 'refused' : { tenant: presented, keyHash: expect.any(String) },
      );
    }
  });

  it('says two strings are equal exactly when they are', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (first, second) => {
        expect(constantTimeEqual(first, second)).toBe(first === second);
        expect(constantTimeEqual(first, first)).toBe(true);
      }),
      fuzzRuns(500),
    );
  });
});

/** A key table that counts the entries a lookup walks through. */
class VisitCountingMap extends Map<string, string> {
  visits = 0;
  override *[Symbol.iterator](): MapIterator<[string, string]> {
    for (const entry of super[Symbol.iterator]()) {
      this.visits += 1;
      yield entry;
    }
  }
}
