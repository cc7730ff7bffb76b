/**
 * Runs the platform floor alone: the bare Durable Object loop and the same loop read by the
 * adapter, side by side (platform-floor.ts), against a simulator at real time on the overhead
 * profile behind the timing tap; prints the medians and the adapter's cost per call as JSON.
 * `node infra/bench/floor-cli.ts [calls]` (default 60). The full benchmark runs it too.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProfile } from '../simulator/profile.ts';
import { startSimulator } from '../simulator/testing/harness.ts';
import { adapterOverheadMs, measurePlatformFloor } from './platform-floor.ts';
import { startTimingTap } from './timing-tap.ts';
import { OVERHEAD_PROFILE } from './worker-overhead.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const calls = Number(process.argv[2] ?? '60');
const simulator = await startSimulator({ profile: loadProfile(OVERHEAD_PROFILE), timeScale: 1 });
const tap = await startTimingTap(simulator.url);
try {
  const floor = await measurePlatformFloor(root, tap, calls);
  console.log(JSON.stringify({ ...floor, adapterOverheadMs: adapterOverheadMs(floor) }, null, 2));
} finally {
  await tap.close();
  await simulator.close();
}
