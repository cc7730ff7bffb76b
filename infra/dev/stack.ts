/**
 * The local stack: the model simulator and the Worker under `wrangler dev` (local environment,
 * state persisted on disk), as child processes on loopback. Used by `npm start`, the end-to-end
 * tests, the benchmark and the reliability suites. The Worker can be killed (SIGKILL) and
 * started again on the same port and state, as after a crash. The children die with the process
 * that started the stack, however it ends (owned-process.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { killGroup, spawnOwned } from './owned-process.ts';

const DEV_API_KEY = 'sk-local-dev';
const ROOT = join(import.meta.dirname, '../..');

export interface StackOptions {
  /** Worker port; 0 picks a free one. */
  port?: number;
  /** Simulator port; 0 picks a free one. */
  simulatorPort?: number;
  /** Simulator latency profile (paper-a6000, h100, edge, test, or a file). */
  profile?: string;
  /** Simulator time scale (1 = real time). */
  timeScale?: number;
  /** Where wrangler keeps Durable Object state. */
  persistTo?: string;
  /** Extra Worker vars (`--var NAME:VALUE`). */
  vars?: Record<string, string>;
  /** Extra simulator flags. */
  simulatorArgs?: string[];
  /** Print the children's output (otherwise kept for error messages only). */
  verbose?: boolean;
}

export interface Stack {
  workerUrl: string;
  simulatorUrl: string;
  apiKey: string;
  /** wrangler's devtools (Chrome DevTools Protocol) port for the Worker's isolate. */
  inspectorPort: number;
  /** Kills the Worker runtime with SIGKILL and waits for it to be gone. */
  killWorker(): Promise<void>;
  /** Starts the Worker again on the same port and state. */
  startWorker(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        resolve(typeof address === 'object' && address !== null ? address.port : 0),
      );
    });
  });
}

/** Whether nothing listens on `port` of the loopback interface (a listen there succeeds). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Refuses a port that something already listens on, before a child fails to bind it. */
async function ensurePortFree(port: number, role: string): Promise<void> {
  if (!(await isPortFree(port))) {
    throw new Error(
      `Port ${port} (${role}) is already in use: is another \`npm start\` or test stack still running? Stop it, or choose another port.`,
    );
  }
}

/** Polls `url` until it answers 2xx; throws with the child's output if it exits or times out. */
export async function waitForHealth(
  url: string,
  child: ChildProcess,
  log: () => string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`Process exited with ${child.exitCode} before ${url} answered:\n${log()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`No answer from ${url} within ${timeoutMs} ms:\n${log()}`);
}

function launch(
  command: string,
  args: string[],
  verbose: boolean,
  env: Record<string, string> = {},
) {
  const child = spawnOwned(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: 'pipe',
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    if (verbose) process.stderr.write(chunk);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, log: () => output };
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const verbose = options.verbose ?? false;
  if (options.port) await ensurePortFree(options.port, 'the Worker');
  if (options.simulatorPort) await ensurePortFree(options.simulatorPort, 'the simulator');
  const simulatorPort = options.simulatorPort || (await freePort());
  const port = options.port || (await freePort());
  // wrangler's devtools port defaults to 9229: two runtimes at once would collide on it.
  const inspectorPort = await freePort();
  const simulatorUrl = `http://127.0.0.1:${simulatorPort}`;
  const simulator = launch(
    process.execPath,
    [
      'infra/simulator/main.ts',
      '--port',
      String(simulatorPort),
      '--profile',
      options.profile ?? 'h100',
      '--time-scale',
      String(options.timeScale ?? 1),
      ...(options.simulatorArgs ?? []),
    ],
    verbose,
  );
  await waitForHealth(`${simulatorUrl}/health`, simulator.child, simulator.log);

  const vars = {
    BASE_URL: `${simulatorUrl}/v1`,
    DRAFT_URL: `${simulatorUrl}/v1`,
    ...options.vars,
  };
  const workerArgs = [
    join(ROOT, 'node_modules/wrangler/bin/wrangler.js'),
    'dev',
    '--env',
    'local',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--persist-to',
    options.persistTo ?? join(ROOT, '.wrangler/state'),
    '--inspector-port',
    String(inspectorPort),
    '--show-interactive-dev-session=false',
    '--log-level',
    verbose ? 'info' : 'warn',
    ...Object.entries(vars).flatMap(([name, value]) => ['--var', `${name}:${value}`]),
  ];
  const workerEnv = {
    WRANGLER_SEND_METRICS: 'false',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    NO_UPDATE_NOTIFIER: '1',
  };
  let worker = launch(process.execPath, workerArgs, verbose, workerEnv);
  const workerUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(`${workerUrl}/health`, worker.child, worker.log);

  return {
    workerUrl,
    simulatorUrl,
    apiKey: DEV_API_KEY,
    inspectorPort,
    killWorker: () => killGroup(worker.child, 'SIGKILL'),
    startWorker: async () => {
      worker = launch(process.execPath, workerArgs, verbose, workerEnv);
      await waitForHealth(`${workerUrl}/health`, worker.child, worker.log);
    },
    stop: async () => {
      await Promise.all([
        killGroup(worker.child, 'SIGTERM'),
        killGroup(simulator.child, 'SIGTERM'),
      ]);
    },
  };
}
