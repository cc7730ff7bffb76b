/**
 * The benchmark's settings: the quick (CI) and full presets, and the command-line flags that
 * override them. Pure: argv in, options out; a bad or unknown flag throws, naming the flag.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';

/** How a turn is asked: a request mode, and for speculative turns the pipelining variant. */
export type BenchMode = 'base' | 'draft' | 'speculative' | 'draft-ahead' | 'hedged';
export const BENCH_MODES: readonly BenchMode[] = [
  'base',
  'draft',
  'speculative',
  'draft-ahead',
  'hedged',
];
export const SIMULATED_PROFILES = ['paper-a6000', 'h100', 'edge', 'h100-measured'] as const;

/** Real model endpoints (OpenAI-compatible) to run against instead of the simulator. */
export interface RealEndpoints {
  baseUrl: string;
  baseModel: string;
  baseApiKey: string | undefined;
  draftUrl: string;
  draftModel: string;
  draftApiKey: string | undefined;
  /** `chat` or `completions`, for both models. */
  apiMode: string;
}

/** A problem set from one simulator world. */
export interface WorldSelection {
  world: string;
  count: number;
}

export interface BenchOptions {
  setting: 'quick' | 'full';
  /** Simulator profiles; `['real']` with real endpoints. */
  profiles: string[];
  modes: BenchMode[];
  worlds: WorldSelection[];
  /** Seed of the world generator (which problems). */
  worldSeed: number;
  /** Request seeds: every problem runs once per seed, the same seeds in every mode. */
  seeds: number[];
  /** The threshold of the mode comparison. */
  threshold: number;
  /** Extra thresholds for the sweep (the comparison's threshold is reused). */
  sweepThresholds: number[];
  sweepModes: BenchMode[];
  /** Real ms an answer or free-run token must take at least (time-scale.ts). */
  streamTokenMs: number;
  /** Real ms a token of a step call must take at least (time-scale.ts). */
  stepTokenMs: number;
  /** Turns of the dedicated overhead measurement (time scale 0). */
  overheadTurns: number;
  /** Turns in one conversation for the storage slope. */
  storageTurns: number;
  /** Operations (about one step each) of the long turns whose Worker memory is read (0 = skip). */
  memorySteps: number;
  memoryTurns: number;
  /** Calls of the bare Durable Object loop that gives the platform's floor. */
  floorCalls: number;
  /** Worlds of the replica-routing section, each with its concurrent conversations (all 0 = skip it). */
  routingWorlds: WorldSelection[];
  /** Conversations of each placement run of that section, on its first world (0 = skip them). */
  placementConversations: number;
  /** Real ms per model ms in the replica-routing section. */
  routingTimeScale: number;
  /** Run only the replica-routing section. */
  routingOnly: boolean;
  out: string;
  real: RealEndpoints | undefined;
  /** Measure a clean copy of the committed tree instead of the working tree. */
  snapshot: boolean;
  verbose: boolean;
}

const PRESETS: Record<
  BenchOptions['setting'],
  Omit<BenchOptions, 'out' | 'real' | 'snapshot' | 'verbose' | 'routingOnly'>
> = {
  quick: {
    setting: 'quick',
    profiles: [...SIMULATED_PROFILES],
    modes: [...BENCH_MODES],
    worlds: [{ world: 'math', count: 1 }],
    worldSeed: 1,
    seeds: [1],
    threshold: 7,
    sweepThresholds: [3, 5, 9],
    sweepModes: ['speculative'],
    streamTokenMs: 5,
    stepTokenMs: 1,
    overheadTurns: 1,
    storageTurns: 3,
    memorySteps: 30,
    memoryTurns: 1,
    floorCalls: 10,
    routingWorlds: [
      { world: 'math', count: 8 },
      { world: 'aime', count: 1 },
    ],
    placementConversations: 2,
    routingTimeScale: 0.1,
  },
  full: {
    setting: 'full',
    profiles: [...SIMULATED_PROFILES],
    modes: [...BENCH_MODES],
    worlds: [
      { world: 'math', count: 8 },
      { world: 'aime', count: 4 },
      { world: 'gpqa', count: 4 },
    ],
    worldSeed: 1,
    seeds: [1, 2],
    threshold: 7,
    sweepThresholds: [3, 5, 9],
    sweepModes: ['speculative', 'hedged'],
    streamTokenMs: 5,
    stepTokenMs: 1,
    overheadTurns: 10,
    storageTurns: 10,
    memorySteps: 300,
    memoryTurns: 3,
    floorCalls: 40,
    routingWorlds: [
      { world: 'math', count: 64 },
      { world: 'aime', count: 64 },
    ],
    placementConversations: 16,
    // 64 AIME-length conversations keep this process busy at time scale 1 on a 2-CPU machine.
    routingTimeScale: 2,
  },
};

export const USAGE = `Usage: npm run bench -- [--quick | --full] [options]
  --quick                 CI setting: every profile and mode, 1 problem, 1 seed (default)
  --full                  the report's setting: 16 problems (math, aime, gpqa), 2 seeds
  --profiles a,b          simulator profiles (paper-a6000, h100, edge, h100-measured)
  --modes a,b             base, draft, speculative, draft-ahead, hedged
  --worlds math:8,aime:4  simulator worlds and problem counts
  --seeds 1,2             request seeds
  --thresholds 3,5,9      sweep thresholds (the comparison runs at --threshold, default 7)
  --sweep-modes a,b       modes swept over the thresholds
  --stream-token-ms N     real ms an answer or free-run token takes at least (default 5)
  --step-token-ms N       real ms a step call's token takes at least (default 1); with the
                          previous flag, sets each profile's time scale
  --out DIR               output folder (default infra/bench/out/<setting>)
  --base-url URL --base-model NAME --draft-url URL --draft-model NAME
                          run against real OpenAI-compatible endpoints instead of the simulator
                          (keys from BENCH_BASE_API_KEY / BENCH_DRAFT_API_KEY; --api-mode chat|completions)
  --routing-worlds math:8,aime:1
                          replica routing: simulator worlds and concurrent conversations over 4
                          simulated base replicas (default math:8,aime:1; --full math:64,aime:64)
  --routing-conversations N   the same N conversations on every routing world (0 skips the section)
  --placement-conversations N conversations of each placement run, on the first routing world
                          (default 2; --full 16; 0 skips placement)
  --routing-time-scale X  real ms per model ms in that section (default 0.1; --full 2)
  --routing-only          run only the replica-routing section
  --snapshot              measure a clean copy of the committed tree (wrangler dev reloads the
                          Worker when others edit the working tree mid-run)
  --verbose               print the Worker's and simulator's output`;

const FLAGS = {
  quick: { type: 'boolean', default: false },
  full: { type: 'boolean', default: false },
  snapshot: { type: 'boolean', default: false },
  verbose: { type: 'boolean', default: false },
  'routing-only': { type: 'boolean', default: false },
  'routing-worlds': { type: 'string' },
  'routing-conversations': { type: 'string' },
  'placement-conversations': { type: 'string' },
  'routing-time-scale': { type: 'string' },
  help: { type: 'boolean', default: false },
  profiles: { type: 'string' },
  modes: { type: 'string' },
  worlds: { type: 'string' },
  seeds: { type: 'string' },
  threshold: { type: 'string' },
  thresholds: { type: 'string' },
  'sweep-modes': { type: 'string' },
  'stream-token-ms': { type: 'string' },
  'step-token-ms': { type: 'string' },
  out: { type: 'string' },
  'base-url': { type: 'string' },
  'base-model': { type: 'string' },
  'draft-url': { type: 'string' },
  'draft-model': { type: 'string' },
  'api-mode': { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export function parseBenchOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): BenchOptions {
  const { values: flags } = parseArgs({ args: [...argv], strict: true, options: FLAGS });
  const setting = flags.full ? 'full' : 'quick';
  const preset = PRESETS[setting];
  const list = (value: string | undefined) => value?.split(',').filter((item) => item !== '');
  const numbers = (value: string | undefined, flag: string) =>
    list(value)?.map((item) => toNumber(item, flag));
  const number = (value: string | undefined, fallback: number, flag: string) =>
    value === undefined ? fallback : toNumber(value, flag);
  const real = readRealEndpoints(flags, env);
  const options: BenchOptions = {
    ...preset,
    profiles: real !== undefined ? ['real'] : (list(flags.profiles) ?? preset.profiles),
    modes: (list(flags.modes) ?? preset.modes).map((mode) => toMode(mode, '--modes')),
    worlds: list(flags.worlds)?.map((item) => toWorld(item, '--worlds')) ?? preset.worlds,
    seeds: numbers(flags.seeds, '--seeds') ?? preset.seeds,
    threshold: number(flags.threshold, preset.threshold, '--threshold'),
    sweepThresholds: numbers(flags.thresholds, '--thresholds') ?? preset.sweepThresholds,
    sweepModes: (list(flags['sweep-modes']) ?? preset.sweepModes).map((mode) =>
      toMode(mode, '--sweep-modes'),
    ),
    streamTokenMs: number(flags['stream-token-ms'], preset.streamTokenMs, '--stream-token-ms'),
    stepTokenMs: number(flags['step-token-ms'], preset.stepTokenMs, '--step-token-ms'),
    routingWorlds: routingWorlds(
      list(flags['routing-worlds'])?.map((item) => toWorld(item, '--routing-worlds')) ??
        preset.routingWorlds,
      flags['routing-conversations'],
    ),
    placementConversations: number(
      flags['placement-conversations'],
      preset.placementConversations,
      '--placement-conversations',
    ),
    routingTimeScale: number(
      flags['routing-time-scale'],
      preset.routingTimeScale,
      '--routing-time-scale',
    ),
    routingOnly: flags['routing-only'],
    out: flags.out ?? `infra/bench/out/${setting}`,
    real,
    snapshot: flags.snapshot,
    verbose: flags.verbose,
  };
  if (!options.modes.includes('base'))
    throw new TypeError('--modes must include base: every speedup is measured against it');
  return options;
}

function readRealEndpoints(
  flags: Partial<
    Record<'base-url' | 'base-model' | 'draft-url' | 'draft-model' | 'api-mode', string>
  >,
  env: Readonly<Record<string, string | undefined>>,
): RealEndpoints | undefined {
  const names = ['base-url', 'base-model', 'draft-url', 'draft-model'] as const;
  const missing = names.filter((name) => flags[name] === undefined);
  if (missing.length === names.length) return undefined;
  if (missing.length > 0)
    throw new TypeError(`Real endpoints need ${missing.map((name) => `--${name}`).join(', ')}`);
  return {
    baseUrl: flags['base-url'] as string,
    baseModel: flags['base-model'] as string,
    baseApiKey: env.BENCH_BASE_API_KEY,
    draftUrl: flags['draft-url'] as string,
    draftModel: flags['draft-model'] as string,
    draftApiKey: env.BENCH_DRAFT_API_KEY,
    apiMode: flags['api-mode'] ?? 'chat',
  };
}

function toNumber(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0)
    throw new TypeError(`${flag}: "${text}" is not a number`);
  return value;
}

function toMode(text: string, flag: string): BenchMode {
  if ((BENCH_MODES as readonly string[]).includes(text)) return text as BenchMode;
  throw new TypeError(`${flag}: "${text}" is not one of ${BENCH_MODES.join(', ')}`);
}

/** `--routing-conversations N` gives every routing world N conversations. */
function routingWorlds(worlds: WorldSelection[], conversations: string | undefined) {
  if (conversations === undefined) return worlds;
  const count = toNumber(conversations, '--routing-conversations');
  return worlds.map((selection) => ({ ...selection, count }));
}

function toWorld(text: string, flag: string): WorldSelection {
  const [world = '', count = '4'] = text.split(':');
  return { world, count: toNumber(count, flag) };
}
