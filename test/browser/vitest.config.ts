/**
 * The browser project: Debian's Chromium, driven by playwright-core, against the real local
 * stack (wrangler dev + the simulator). Run by `npm test` after the other projects
 * (`npm run test:browser`). It has its own config so it can start after them and alone.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'browser',
    root: import.meta.dirname,
    environment: 'node',
    include: ['**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One Chromium and one Worker runtime at a time on a 2-core machine.
    fileParallelism: false,
  },
});
