/**
 * The runtime's own cost per model call, for scale: a bare Durable Object (floor/worker.js) under
 * the same wrangler dev, sending the same kind of requests through the same timing tap to the
 * same simulator, with one SQLite commit between calls. The gap it leaves between a response's
 * end and the next request is what any Worker pays here; the Conversation object's gap above it
 * is ours. The same loop run through the project's adapter (the reader that reads every model
 * reply) gives the adapter's own cost per call, side by side with the bare `fetch` + `text()`.
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
  /** The same loops with each reply sent and read by the adapter (a step, a judge call). */
  adapter?: { streamedGapMs: number | undefined; wholeGapMs: number | undefined } | undefined;
  calls: number;
}

/** Alternating blocks per reader, so that a slow spell of a busy machine hits both alike. */
const ROUNDS = 3;

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
    const api = encodeURIComponent(`${tap.url}/v1`);
    const gaps = async (stream: boolean, reader: 'bare' | 'adapter', count: number) => {
      const url = `http://127.0.0.1:${port}/run?url=${api}&write=1&stream=${stream ? 1 : 0}&reader=${reader}`;
      await fetch(`${url}&count=${WARM_UP_CALLS}`);
      tap.take();
      await fetch(`${url}&count=${count}`);
      const records = tap.take().sort((left, right) => left.requestAt - right.requestAt);
      return records
        .slice(1)
        .map((record, index) => record.requestAt - (records[index]?.endAt ?? record.requestAt));
    };
    const sideBySide = async (stream: boolean) => {
      const bare: number[] = [];
      const adapter: number[] = [];
      const perRound = Math.max(2, Math.ceil(calls / ROUNDS));
      for (let round = 0; round < ROUNDS; round += 1) {
        bare.push(...(await gaps(stream, 'bare', perRound)));
        adapter.push(...(await gaps(stream, 'adapter', perRound)));
      }
      return { bare: median(bare), adapter: median(adapter) };
    };
    const streamed = await sideBySide(true);
    const whole = await sideBySide(false);
    return {
      streamedGapMs: streamed.bare,
      wholeGapMs: whole.bare,
      adapter: { streamedGapMs: streamed.adapter, wholeGapMs: whole.adapter },
      calls,
    };
  } finally {
    await killGroup(wrangler, 'SIGTERM');
  }
}

/** The adapter's cost per call over the bare loop, real ms: streamed and whole replies. */
export function adapterOverheadMs(floor: FloorResult | undefined) {
  const over = (adapter: number | undefined, bare: number | undefined) =>
    adapter === undefined || bare === undefined ? undefined : adapter - bare;
  return {
    streamed: over(floor?.adapter?.streamedGapMs, floor?.streamedGapMs),
    whole: over(floor?.adapter?.wholeGapMs, floor?.wholeGapMs),
  };
}
