/** Reading BASE_URLS / DRAFT_URLS and the single-URL settings, and every way they can be wrong. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPoolSettings } from '../../../src/adapters/pool/pool-settings.ts';

const problemsOf = (env: Record<string, unknown>, prefix: 'BASE' | 'DRAFT' = 'BASE') => {
  const result = readPoolSettings(env, prefix);
  return result.ok ? [] : result.problems;
};

describe('replica pool settings', () => {
  it('keeps a single BASE_URL working as a pool of one', () => {
    expect(readPoolSettings({ BASE_URL: ' https://gpu.example.com/v1 ' }, 'BASE')).toEqual({
      ok: true,
      pool: { setting: 'BASE_URL', replicas: [{ url: 'https://gpu.example.com/v1', weight: 1 }] },
    });
  });

  it('reads a list with optional weights separated by commas or new lines', () => {
    const result = readPoolSettings(
      { DRAFT_URLS: 'http://a.test/v1 2,\n http://b.test/v1\nhttp://c.test/v1 0.5' },
      'DRAFT',
    );
    expect(result).toEqual({
      ok: true,
      pool: {
        setting: 'DRAFT_URLS',
        replicas: [
          { url: 'http://a.test/v1', weight: 2 },
          { url: 'http://b.test/v1', weight: 1 },
          { url: 'http://c.test/v1', weight: 0.5 },
        ],
      },
    });
  });

  it('refuses an empty list, naming the setting', () => {
    expect(problemsOf({ BASE_URLS: ' , ' })).toEqual([
      expect.stringMatching(/^BASE_URLS is empty: list one or more http\(s\) URLs/),
    ]);
    expect(problemsOf({ BASE_URLS: '' })[0]).toMatch(/^BASE_URLS is empty/);
  });

  it('refuses a bad URL and a bad weight, naming the entry', () => {
    expect(
      problemsOf({ BASE_URLS: 'http://a.test/v1, ftp://b.test, http://c.test/v1 -1' }),
    ).toEqual([
      'BASE_URLS entry 2 must be an http(s) URL (got "ftp://b.test")',
      'BASE_URLS entry 3 has weight "-1": a weight is a number above 0 and at most 1000',
    ]);
    expect(problemsOf({ BASE_URL: 'gpu.example.com' })).toEqual([
      'BASE_URL must be an http(s) URL (got "gpu.example.com")',
    ]);
  });

  it('refuses a replica listed twice, even spelled differently', () => {
    expect(
      problemsOf({ BASE_URLS: 'http://A.test/v1, http://b.test/v1, http://a.test/v1/' }),
    ).toEqual(['BASE_URLS lists http://a.test/v1/ twice (entries 1 and 3)']);
  });

  it('refuses both the single and the list setting at once', () => {
    expect(problemsOf({ BASE_URL: 'http://a.test/v1', BASE_URLS: 'http://b.test/v1' })).toEqual([
      'BASE_URL and BASE_URLS are both set: keep BASE_URLS (one or more URLs) only',
    ]);
  });

  it('says which settings are missing', () => {
    expect(problemsOf({}, 'DRAFT')).toEqual(['DRAFT_URL (or DRAFT_URLS) is not set']);
  });

  it('accepts any list of distinct http URLs with positive weights, in order', () => {
    const replica = fc.record({
      host: fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/),
      port: fc.integer({ min: 1, max: 65535 }),
      weight: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(replica, {
          minLength: 1,
          maxLength: 8,
          selector: (r) => `${r.host}:${r.port}`,
        }),
        (replicas) => {
          const raw = replicas
            .map(
              (r) =>
                `http://${r.host}.test:${r.port}/v1${r.weight === undefined ? '' : ` ${r.weight}`}`,
            )
            .join(', ');
          const result = readPoolSettings({ BASE_URLS: raw }, 'BASE');
          expect(result.ok && result.pool.replicas.map((r) => r.weight)).toEqual(
            replicas.map((r) => r.weight ?? 1),
          );
        },
      ),
      { seed: 15_0001, numRuns: 200 },
    );
  });
});
