/**
 * Brings up what one group of turns runs against: the local stack (`startStack`: the simulator
 * and the Worker under wrangler dev, state in a fresh folder) with a timing tap between the
 * Worker and each model server. With the simulator, one tap forwards to it; with real
 * endpoints, one tap per model forwards to its origin and the Worker's URLs keep their paths.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, type Stack, startStack } from '../dev/stack.ts';
import type { RealEndpoints } from './options.ts';
import type { BenchTarget } from './run-turn.ts';
import { startTimingTap, type TimingTap } from './timing-tap.ts';

export interface BenchStack {
  target: BenchTarget;
  stack: Stack;
  stop(): Promise<void>;
}

export interface BenchStackOptions {
  /** Simulator profile (with real endpoints the simulator only serves the problem worlds). */
  profile: string;
  timeScale: number;
  real: RealEndpoints | undefined;
  verbose: boolean;
  /** `startStack` of the tree to measure (a snapshot's); this checkout's by default. */
  start?: typeof startStack | undefined;
}

export async function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  const simulatorPort = await freePort();
  const taps: TimingTap[] = [];
  let vars: Record<string, string>;
  const real = options.real;
  if (real === undefined) {
    const tap = await startTimingTap(`http://127.0.0.1:${simulatorPort}`);
    taps.push(tap);
    vars = { BASE_URL: `${tap.url}/v1`, DRAFT_URL: `${tap.url}/v1` };
  } else {
    const base = new URL(real.baseUrl);
    const draft = new URL(real.draftUrl);
    const baseTap = await startTimingTap(base.origin, 'base');
    const draftTap = await startTimingTap(draft.origin, 'draft');
    taps.push(baseTap, draftTap);
    vars = {
      BASE_URL: `${baseTap.url}${base.pathname.replace(/\/+$/, '')}`,
      BASE_MODEL: real.baseModel,
      BASE_API_MODE: real.apiMode,
      DRAFT_PROVIDER: 'openai-compatible',
      DRAFT_URL: `${draftTap.url}${draft.pathname.replace(/\/+$/, '')}`,
      DRAFT_MODEL: real.draftModel,
      DRAFT_API_MODE: real.apiMode,
      ...(real.baseApiKey === undefined ? {} : { BASE_API_KEY: real.baseApiKey }),
      ...(real.draftApiKey === undefined ? {} : { DRAFT_API_KEY: real.draftApiKey }),
    };
  }
  const stack = await (options.start ?? startStack)({
    profile: options.profile,
    timeScale: options.timeScale,
    simulatorPort,
    persistTo: mkdtempSync(join(tmpdir(), 'specreason-bench-')),
    vars,
    verbose: options.verbose,
  });
  return {
    stack,
    target: {
      workerUrl: stack.workerUrl,
      apiKey: stack.apiKey,
      simulatorUrl: real === undefined ? stack.simulatorUrl : undefined,
      taps,
    },
    stop: async () => {
      await stack.stop();
      await Promise.all(taps.map((tap) => tap.close()));
    },
  };
}
