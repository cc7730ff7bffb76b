import { createHash } from 'node:crypto';
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Worker tests use two tenants: the local development key and a second one. */
const TEST_API_KEYS = JSON.stringify({
  [sha256('sk-local-dev')]: 'dev',
  [sha256('sk-test-other')]: 'other',
});

/**
 * The reliability and security Worker tests: three tenants, a backend key whose every appearance
 * in a log is a leak, and a second, strict rate limiter (3 requests a minute) that the rate-limit
 * test puts in place of RATE_LIMITER; the fuzzers' own limiter is loose so they never meet it.
 */
const RELIABILITY_BINDINGS = {
  API_KEYS: JSON.stringify({
    [sha256('sk-local-dev')]: 'dev',
    [sha256('sk-test-other')]: 'other',
    [sha256('sk-test-third')]: 'third',
  }),
  BASE_API_KEY: 'sk-backend-secret-canary',
  // RELIABILITY_SCALE=full runs the fuzzers five times as long.
  RELIABILITY_SCALE: process.env.RELIABILITY_SCALE ?? 'ci',
};
const RELIABILITY_RATE_LIMITS = {
  RATE_LIMITER: { namespace_id: '1001', simple: { limit: 1_000_000, period: 60 as const } },
  STRICT_RATE_LIMITER: { namespace_id: '9001', simple: { limit: 3, period: 60 as const } },
};

type WorkerdOptions = NonNullable<
  Exclude<Parameters<typeof cloudflareTest>[0], (...args: never[]) => unknown>
>;

/** The Worker in workerd, configured as wrangler.toml's `local` environment plus `miniflare`. */
function workerdPlugin(miniflare: WorkerdOptions['miniflare']) {
  return cloudflareTest({
    remoteBindings: false,
    wrangler: { configPath: './wrangler.toml', environment: 'local' },
    miniflare,
  });
}

export default defineConfig({
  test: {
    // The Worker logs a JSON line per step; show output only for failing tests.
    silent: 'passed-only',
    projects: [
      {
        test: {
          name: 'core',
          environment: 'node',
          include: [
            'test/core/**/*.test.ts',
            'test/adapters/**/*.test.ts',
            'test/openai/**/*.test.ts',
            'infra/**/*.test.ts',
          ],
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each file runs its own Worker runtime: after the other projects, two files at a time.
          maxWorkers: 2,
          sequence: { groupOrder: 2 },
        },
      },
      {
        plugins: [workerdPlugin({ bindings: { API_KEYS: TEST_API_KEYS } })],
        test: {
          name: 'worker',
          sequence: { groupOrder: 1 },
          // The first request of a file starts workerd's isolate; beside the other workerd
          // projects on 2 CPUs that alone can pass vitest's default 5 s.
          testTimeout: 30_000,
          include: ['test/worker/**/*.test.ts'],
          exclude: ['test/worker/pool/**'],
        },
      },
      {
        // The Worker with its base model on two replicas (fake backends at these origins).
        plugins: [
          workerdPlugin({
            bindings: {
              API_KEYS: TEST_API_KEYS,
              BASE_URL: '',
              BASE_URLS: 'http://gpu-a.test/v1, http://gpu-b.test/v1',
            },
          }),
        ],
        test: {
          name: 'worker-pool',
          sequence: { groupOrder: 1 },
          testTimeout: 30_000,
          include: ['test/worker/pool/**/*.test.ts'],
        },
      },
      {
        plugins: [
          workerdPlugin({ bindings: RELIABILITY_BINDINGS, ratelimits: RELIABILITY_RATE_LIMITS }),
        ],
        test: {
          name: 'reliability-workerd',
          sequence: { groupOrder: 1 },
          // A fuzzer runs hundreds of requests (five times as many at RELIABILITY_SCALE=full).
          testTimeout: 120_000,
          include: ['test/reliability/workerd/**/*.test.ts'],
        },
      },
      {
        plugins: [workerdPlugin({ bindings: { API_KEYS: TEST_API_KEYS } })],
        test: {
          name: 'conformance',
          sequence: { groupOrder: 1 },
          testTimeout: 120_000,
          globalSetup: ['test/conformance/simulator-setup.ts'],
          include: ['test/conformance/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'reliability',
          environment: 'node',
          include: ['test/reliability/**/*.test.ts'],
          exclude: ['test/reliability/workerd/**'],
          testTimeout: 600_000,
          hookTimeout: 120_000,
          // Each file drives its own Worker runtime hard (faults, kills, load): last, one at a time.
          maxWorkers: 1,
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
