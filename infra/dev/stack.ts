/**
 * The local stack: the model simulator and the Worker under `wrangler dev` (local environment,
 * state persisted on disk), as child processes on loopback. Used by `npm start`, the end-to-end
 * tests, the benchmark and the reliability suites. The Worker can be killed (SIGKILL) and
 * started again on the same port and state, as after a crash. With `baseReplicas`, the base model
 * is a pool of simulator replicas (`BASE_URLS`) beside the simulator that serves the draft. The
 * children die with the process that started the stack, however it ends (owned-process.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
  /**
   * Serve the base model from this many simulator replicas (issue 15), listed in `BASE_URLS`;
   * the draft stays on the simulator at `simulatorUrl`. Each replica has its own `/sim/stats`,
   * `/sim/faults` and `POST /sim/kill`. Absent: one simulator serves both models (`BASE_URL`).
   */
  baseReplicas?: number;
  /** Print the children's output (otherwise kept for error messages only). */
  verbose?: boolean;
}

export interface Stack {
  workerUrl: string;
  simulatorUrl: string;
  /** The base replicas' root URLs, in `BASE_URLS` order (empty without `baseReplicas`). */
  baseReplicaUrls: readonly string[];
  apiKey: string;
  /** wrangler's devtools (Chrome DevTools Protocol) port for the Worker's isolate. */
  inspectorPort: number;
  /** Kills the Worker runtime with SIGKILL and waits for it to be gone. */
  killWorker(): Promise<void>;
  /** Starts the Worker again on the same port and state. */
  startWorker(): Promise<void>;
  stop(): Promise<void>;
}

/** Where `freePort` picks from: below the kernel's ephemeral range (see there). */
const PICKED_PORTS_LOW = 20_000;
const PICKED_PORT_ATTEMPTS = 50;

/** The first port the kernel hands out for bind(0) and outgoing connections (Linux; 32768 elsewhere). */
function ephemeralRangeStart(): number {
  try {
    const low = Number(
      readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').split(/\s+/)[0],
    );
    return Number.isInteger(low) && low > 0 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

/**
 * A port nothing listens on now, for a child to bind. It stays unbound until the child binds it
 * (seconds for wrangler, and again each time a killed Worker restarts on it), so it is picked
 * at random below the kernel's ephemeral range: a port from that range (bind(0)'s answer) could
 * meanwhile be handed to another process's bind(0) (each wrangler start makes five) or
 * outgoing connection, and the child would then fail to start.
 */
export async function freePort(): Promise<number> {
  const high = ephemeralRangeStart() - 1;
  for (let attempt = 0; attempt < PICKED_PORT_ATTEMPTS && high > PICKED_PORTS_LOW; attempt++) {
    const port = PICKED_PORTS_LOW + Math.floor(Math.random() * (high - PICKED_PORTS_LOW + 1));
    if (await isPortFree(port)) return port;
  }
  return kernelPickedPort();
}

/** A port the kernel picks (bind(0)), for a machine whose ephemeral range leaves no room below. */
function kernelPickedPort(): Promise<number> {
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

/**
 * A port with the `count - 1` ports after it free too: the simulator's replicas listen on port,
 * port + 1, … (infra/simulator/replicas.ts).
 */
async function freePortRun(count: number): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freePort();
    const after = Array.from({ length: count - 1 }, (_, index) => port + 1 + index);
    if (port + count <= 65_536 && (await Promise.all(after.map(isPortFree))).every(Boolean))
      return port;
  }
  throw new Error(`Found no ${count} free consecutive ports for the simulator replicas`);
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
  const replicas = options.baseReplicas ?? 0;
  if (!Number.isInteger(replicas) || replicas < 0)
    throw new TypeError(`baseReplicas must be a whole number (got ${replicas})`);
  // Simulator replica 0 serves the draft; replicas 1..n are the base pool.
  const simulatorPort =
    options.simulatorPort || (replicas > 0 ? await freePortRun(replicas + 1) : await freePort());
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
      ...(replicas > 0 ? ['--replicas', String(replicas + 1)] : []),
      ...(options.simulatorArgs ?? []),
    ],
    verbose,
  );
  const baseReplicaUrls = Array.from(
    { length: replicas },
    (_, index) => `http://127.0.0.1:${simulatorPort + 1 + index}`,
  );
  for (const url of [simulatorUrl, ...baseReplicaUrls])
    await waitForHealth(`${url}/health`, simulator.child, simulator.log);

  const vars = {
    // An empty BASE_URL counts as unset, so BASE_URLS alone names the base model's servers.
    ...(replicas > 0
      ? { BASE_URL: '', BASE_URLS: baseReplicaUrls.map((url) => `${url}/v1`).join(', ') }
      : { BASE_URL: `${simulatorUrl}/v1` }),
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
    baseReplicaUrls,
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
