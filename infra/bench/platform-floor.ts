/**
 * The runtime's own cost per model call, for scale: a bare Durable Object (floor/worker.js) under
 * the same wrangler dev, sending the same kind of requests through the same timing tap to the
 * same simulator, with one SQLite commit between calls. The gap it leaves between a response's
 * end and the next request is what any Worker pays here; the Conversation object's gap above it
 * is ours.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killGroup, spawnOwned } from '../dev/owned-process.ts';
import { freePort, waitForHealth } from '../dev/stack.ts';
import { median } from './statistics.ts';
import type { TimingTap } from './timing-tap.ts';

export interface FloorResult {
  /** Median gap per call, real ms: streamed answers (like a step) and whole answers (a judge). */
  streamedGapMs: number | undefined;
  wholeGapMs: number | undefined;
  calls: number;
}

const WARM_UP_CALLS = 5;

export async function measurePlatformFloor(
  root: string,
  tap: TimingTap,
  calls: number,
): Promise<FloorResult> {
  const port = await freePort();
  const wrangler = spawnOwned(
    process.execPath,
    [
      join(root, 'node_modules/wrangler/bin/wrangler.js'),
      'dev',
      '--config',
      join(root, 'infra/bench/floor/wrangler.toml'),
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--inspector-port',
      String(await freePort()),
      '--persist-to',
      mkdtempSync(join(tmpdir(), 'specreason-floor-')),
      '--show-interactive-dev-session=false',
      '--log-level',
      'error',
    ],
    {
      cwd: join(root, 'infra/bench/floor'),
      stdio: 'ignore',
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_UPDATE_NOTIFIER: '1' },
    },
  );
  try {
    await waitForHealth(`http://127.0.0.1:${port}/`, wrangler, () => '');
    const gap = async (stream: boolean) => {
      const url = `http://127.0.0.1:${port}/run?url=${encodeURIComponent(`${tap.url}/v1/chat/completions`)}&write=1&stream=${stream ? 1 : 0}`;
      await fetch(`${url}&count=${WARM_UP_CALLS}`);
      tap.take();
      await fetch(`${url}&count=${calls}`);
      const records = tap.take().sort((left, right) => left.requestAt - right.requestAt);
      const gaps = records
        .slice(1)
        .map((record, index) => record.requestAt - (records[index]?.endAt ?? record.requestAt));
      return median(gaps);
    };
    return { streamedGapMs: await gap(true), wholeGapMs: await gap(false), calls };
  } finally {
    await killGroup(wrangler, 'SIGTERM');
  }
}
