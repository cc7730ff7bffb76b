/**
 * The local stack (infra/dev/stack.ts) as the Node suites run it: the simulator's `test`
 * profile in real time unless told otherwise, Durable Object state in a fresh temporary folder,
 * and clients for the Worker's API and the simulator's own routes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type Stack, type StackOptions, startStack } from '../../infra/dev/stack.ts';
import { SimulatorClient } from './simulator-client.ts';
import { StackClient } from './stack-client.ts';

/** Wrangler's first start compiles the Worker: allow it well over a minute. */
const START_TIMEOUT_MS = 120_000;

/** Starts a stack whose state folder is named after `name` (`sr-<name>-…`). */
export function startTestStack(name: string, options: StackOptions = {}): Promise<Stack> {
  return startStack({
    profile: 'test',
    timeScale: 1,
    persistTo: mkdtempSync(join(tmpdir(), `sr-${name}-`)),
    ...options,
  });
}

export interface StackFixture {
  stack(): Stack;
  /** The Worker's API with the stack's development key. */
  client(): StackClient;
  simulator(): SimulatorClient;
  /** The base model's simulator replicas, in `BASE_URLS` order (with `baseReplicas`). */
  replicas(): SimulatorClient[];
}

/**
 * One stack for the calling file: started before its tests and stopped after them. Call it at
 * the top of the file; the getters give the running stack and its clients inside tests.
 */
export function useStack(name: string, options: StackOptions = {}): StackFixture {
  let running:
    | { stack: Stack; client: StackClient; simulator: SimulatorClient; replicas: SimulatorClient[] }
    | undefined;
  beforeAll(async () => {
    const stack = await startTestStack(name, options);
    running = {
      stack,
      client: new StackClient(stack.workerUrl, stack.apiKey),
      simulator: new SimulatorClient(stack.simulatorUrl),
      replicas: stack.baseReplicaUrls.map((url) => new SimulatorClient(url)),
    };
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await running?.stack.stop();
  });
  const current = () => {
    if (running === undefined) throw new Error(`The ${name} stack has not started`);
    return running;
  };
  return {
    stack: () => current().stack,
    client: () => current().client,
    simulator: () => current().simulator,
    replicas: () => current().replicas,
  };
}
