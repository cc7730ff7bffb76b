import { createHash } from 'node:crypto';
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Worker tests use two tenants: the local development key and a second one. */
const TEST_API_KEYS = JSON.stringify({
  [sha256('sk-local-dev')]: 'dev',
  [sha256('sk-test-other')]: 'other',
});

export default defineConfig({
  test: {
    // The Worker logs a JSON line per step; show output only for failing tests.
    silent: 'passed-only',
    projects: [
      {
        test: {
          name: 'core',
          environment: 'node',
          include: ['test/core/**/*.test.ts', 'test/adapters/**/*.test.ts', 'infra/**/*.test.ts'],
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
        plugins: [
          cloudflareTest({
            remoteBindings: false,
            wrangler: { configPath: './wrangler.toml', environment: 'local' },
            miniflare: { bindings: { API_KEYS: TEST_API_KEYS } },
          }),
        ],
        test: {
          name: 'worker',
          sequence: { groupOrder: 1 },
          include: ['test/worker/**/*.test.ts'],
        },
      },
    ],
  },
});
