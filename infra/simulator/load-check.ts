/**
 * Start-up time and concurrency check: starts `main.ts` as a child process and times it until it
 * listens, then opens concurrent streaming chat requests (half to each model) and reports how
 * they fared: all complete, first-token and total times, and how closely the simulator kept its
 * own clock under load (wall time against the model time it recorded, scaled).
 *
 *   npx node infra/simulator/load-check.ts [--streams 200] [--tokens 100] [--profile h100] [--time-scale 1]
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { quantile } from '../bench/statistics.ts';
import { killGroup, spawnOwned } from '../dev/owned-process.ts';

const { values } = parseArgs({
  options: {
    streams: { type: 'string', default: '200' },
    tokens: { type: 'string', default: '100' },
    profile: { type: 'string', default: 'h100' },
    'time-scale': { type: 'string', default: '1' },
  },
});
const streams = Number(values.streams);
const timeScale = Number(values['time-scale']);

const main = join(dirname(fileURLToPath(import.meta.url)), 'main.ts');
const started = performance.now();
// Owned (dev/owned-process.ts): the simulator goes with this script however it ends.
const child = spawnOwned(
  process.execPath,
  [main, '--port', '0', '--profile', values.profile, '--time-scale', String(timeScale)],
  { stdio: 'pipe' },
);
child.stderr?.pipe(process.stderr);
const url = await new Promise<string>((resolve, reject) => {
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (text: string) => {
    const match = /at (http:\/\/\S+)/.exec(text);
    if (match?.[1] !== undefined) resolve(match[1]);
  });
  child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
});
const startupMs = performance.now() - started;

interface StreamResult {
  id: string;
  firstTokenMs: number;
  totalMs: number;
  events: number;
  done: boolean;
}

async function stream(index: number): Promise<StreamResult> {
  const begin = performance.now();
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: index % 2 === 0 ? 'base' : 'draft',
      messages: [{ role: 'user', content: `What is ${index} * 37 + 11? Explain each step.` }],
      max_tokens: Number(values.tokens),
      stream: true,
      stream_options: { include_usage: true },
    }),
  });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let firstTokenMs = Number.NaN;
  let events = 0;
  let id = '';
  let tail = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    if (id === '') id = /"id":"([^"]+)"/.exec(value)?.[1] ?? '';
    // The first event only carries the role; a second event means a token arrived.
    events += value.split('\n\n').length - 1;
    if (events >= 2 && Number.isNaN(firstTokenMs)) firstTokenMs = performance.now() - begin;
    tail = (tail + value).slice(-32);
  }
  return {
    id,
    firstTokenMs,
    totalMs: performance.now() - begin,
    events,
    done: tail.endsWith('data: [DONE]\n\n'),
  };
}

// Warm both processes up (JIT, connection pool) so the measured run shows steady-state serving.
await Promise.all(Array.from({ length: 20 }, (_, index) => stream(index)));
await fetch(`${url}/sim/stats/reset`, { method: 'POST' });
const loadStart = performance.now();
const results = await Promise.all(Array.from({ length: streams }, (_, index) => stream(index)));
const wallMs = performance.now() - loadStart;
const stats = (await (await fetch(`${url}/sim/stats`)).json()) as {
  requests: {
    id: string;
    busyMs: number;
    overheadMs: number;
    networkMs: number;
    startedAt: number;
    endedAt: number;
  }[];
};
// The child is the supervisor; the simulator is its one child.
const simulatorPid = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim();
const rss = readFileSync(`/proc/${simulatorPid}/status`, 'utf8').match(/VmHWM:\s+(\d+)/)?.[1];
await killGroup(child, 'SIGTERM');

const ms = (value: number | undefined) => `${(value ?? Number.NaN).toFixed(0)} ms`;
const p50p99 = (values: readonly number[]) =>
  `p50 ${ms(quantile(values, 0.5))}, p99 ${ms(quantile(values, 0.99))}`;
const modelMsById = new Map(
  stats.requests.map((request) => [
    request.id,
    (request.busyMs + request.overheadMs + request.networkMs) * timeScale,
  ]),
);
const modelMs = [...modelMsById.values()];
const lateness = results.map(
  (result) => result.totalMs - (modelMsById.get(result.id) ?? Number.NaN),
);
const serverLateness = stats.requests.map(
  (request) =>
    request.endedAt -
    request.startedAt -
    (request.busyMs + request.overheadMs + request.networkMs) * timeScale,
);
const tokens = results.reduce((sum, result) => sum + result.events, 0);
console.log(
  `startup: ${startupMs.toFixed(0)} ms from spawn (through the supervisor) to listening (profile ${values.profile})`,
);
console.log(
  `streams: ${results.filter((result) => result.done).length}/${streams} complete, ${tokens} events in ${(wallMs / 1000).toFixed(2)} s (${((tokens * 1000) / wallMs).toFixed(0)} events/s)`,
);
console.log(`first token: ${p50p99(results.map((result) => result.firstTokenMs))}`);
console.log(`stream time: ${p50p99(results.map((result) => result.totalMs))}`);
console.log(
  `model time (scaled, from /sim/stats): p50 ${ms(quantile(modelMs, 0.5))}; wall minus model time per stream: ${p50p99(lateness)}`,
);
console.log(`server-side, handling time minus scaled model time: ${p50p99(serverLateness)}`);
console.log(
  `server peak memory: ${rss === undefined ? 'unknown' : `${(Number(rss) / 1024).toFixed(0)} MiB`}`,
);
