/**
 * Test harness: a simulator on an ephemeral port with the `test` profile and no waiting, plus
 * helpers to post JSON and match bodies against fixture templates (SSE bodies:
 * test/support/sse.ts).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import type { SimulatorConfig } from '../config.ts';
import { loadProfile } from '../profile.ts';
import { createSimulator, type Simulator } from '../server.ts';

export interface Running {
  url: string;
  simulator: Simulator;
  close(): Promise<void>;
}

/** A test simulator's configuration: an ephemeral loopback port, the test profile, no waiting. */
export function testSimulatorConfig(overrides: Partial<SimulatorConfig> = {}): SimulatorConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    profile: loadProfile('test'),
    timeScale: 0,
    deterministic: false,
    promptTokensDetails: false,
    ...overrides,
  };
}

/** Starts a simulator (test profile, time scale 0 unless overridden). */
export async function startSimulator(overrides: Partial<SimulatorConfig> = {}): Promise<Running> {
  const simulator = createSimulator(testSimulatorConfig(overrides));
  const url = await simulator.listen();
  return { url, simulator, close: () => simulator.close() };
}

/**
 * One simulator for the calling file: started before its tests and closed after them. Call it
 * at the top of the file; the result reads the running simulator's `url` and `simulator`.
 */
export function useSimulator(overrides: Partial<SimulatorConfig> = {}): Running {
  let running: Running | undefined;
  beforeAll(async () => {
    running = await startSimulator(overrides);
  });
  afterAll(() => running?.close());
  const current = () => {
    if (running === undefined) throw new Error('The simulator has not started');
    return running;
  };
  return {
    get url() {
      return current().url;
    },
    get simulator() {
      return current().simulator;
    },
    close: () => current().close(),
  };
}

/** POSTs `body` as JSON. */
export function post(
  url: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** A fixture template file's lines (`{{hex}}`, `{{int}}`, `{{string}}`, `{{float}}`, `{{json}}` are holes). */
export function fixture(name: string): string[] {
  return readFileSync(join(FIXTURES, name), 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'));
}

const HOLES: Readonly<Record<string, string>> = {
  hex: '[0-9a-f]{32}',
  int: '\\d+',
  string: '"(?:[^"\\\\]|\\\\.)*"',
  float: '-?\\d+(?:\\.\\d+)?(?:e-?\\d+)?',
  json: '.+?',
};

/** True when `actual` matches `template` byte for byte outside the holes. */
export function matchesTemplate(actual: string, template: string): boolean {
  const pattern = template
    .split(/(\{\{\w+\}\})/)
    .map((part) => {
      const hole = /^\{\{(\w+)\}\}$/.exec(part);
      return hole
        ? `(?:${HOLES[hole[1] ?? ''] ?? '.*'})`
        : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${pattern}$`, 's').test(actual);
}
