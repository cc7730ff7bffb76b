/**
 * `npm start` owns its children: killed hard, as a user would kill it (its process group sent
 * SIGKILL, or its terminal closed: SIGHUP), it takes the simulator and the Worker with it, so
 * /health stops answering and both ports are free for the next start.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { descendantsNamed } from '../../infra/dev/process-usage.ts';
import { freePort, isPortFree } from '../../infra/dev/stack.ts';

const ROOT = join(import.meta.dirname, '../..');
/** How long the children may take to go once their parent is gone (a 10 s grace, then SIGKILL). */
const GONE_WITHIN_MS = 30_000;

interface Started {
  leader: ChildProcess;
  workerUrl: string;
  simulatorUrl: string;
  ports: number[];
}

/** Every process `npm start` started, kept so that a failing run leaves none behind. */
let started: number[] = [];

afterEach(() => {
  for (const pid of started) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  started = [];
});

/** Starts `npm start`'s script as a terminal job: the leader of its own process group. */
async function startLikeATerminal(): Promise<Started> {
  const port = await freePort();
  const simulatorPort = await freePort();
  const leader = spawn(process.execPath, ['infra/dev/start.ts'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      SIM_PORT: String(simulatorPort),
      SIM_PROFILE: 'test',
      STATE_DIR: mkdtempSync(join(tmpdir(), 'sr-start-')),
    },
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    leader.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Press Ctrl+C to stop.')) resolve();
    });
    leader.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    leader.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
  const pid = leader.pid as number;
  started = [pid, ...descendantsNamed(pid, 'node'), ...descendantsNamed(pid, 'workerd')];
  return {
    leader,
    workerUrl: `http://127.0.0.1:${port}`,
    simulatorUrl: `http://127.0.0.1:${simulatorPort}`,
    ports: [port, simulatorPort],
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return true;
  } catch {
    return false;
  }
}

/** The ports still taken once `withinMs` has passed (polled until all are free). */
async function stillTaken(ports: number[], withinMs: number): Promise<number[]> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const taken = [];
    for (const port of ports) if (!(await isPortFree(port))) taken.push(port);
    if (taken.length === 0 || Date.now() >= deadline) return taken;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('npm start, killed hard', () => {
  it.each([
    ['its process group is sent SIGKILL', 'SIGKILL'],
    ['its terminal closes (SIGHUP to the group)', 'SIGHUP'],
  ] as const)('takes the simulator and the Worker with it when %s', async (_, signal) => {
    const stack = await startLikeATerminal();
    expect(await answers(`${stack.workerUrl}/health`)).toBe(true);
    expect(await answers(`${stack.simulatorUrl}/health`)).toBe(true);

    const exited = new Promise((resolve) => stack.leader.once('exit', resolve));
    process.kill(-(stack.leader.pid as number), signal);
    await exited;

    // Free to bind again (as the next `npm start` will), and nothing answers there any more.
    expect(await stillTaken(stack.ports, GONE_WITHIN_MS)).toEqual([]);
    expect(await answers(`${stack.workerUrl}/health`)).toBe(false);
    expect(await answers(`${stack.simulatorUrl}/health`)).toBe(false);
  });
});
