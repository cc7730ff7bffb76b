/**
 * The benchmark's settings: the quick (CI) and full presets, and the command-line flags that
 * override them. Pure: argv in, options out; a bad flag throws a message that names it.
 */

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
  out: string;
  real: RealEndpoints | undefined;
  /** Measure a clean copy of the committed tree instead of the working tree. */
  snapshot: boolean;
  verbose: boolean;
}

const PRESETS: Record<
  BenchOptions['setting'],
  Omit<BenchOptions, 'out' | 'real' | 'snapshot' | 'verbose'>
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
  --snapshot              measure a clean copy of the committed tree (wrangler dev reloads the
                          Worker when others edit the working tree mid-run)
  --verbose               print the Worker's and simulator's output`;

export function parseBenchOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): BenchOptions {
  const flags = readFlags(argv);
  const setting = flags.has('full') ? 'full' : 'quick';
  const preset = PRESETS[setting];
  const list = (name: string) =>
    flags
      .get(name)
      ?.split(',')
      .filter((item) => item !== '');
  const numbers = (name: string) => list(name)?.map((item) => toNumber(item, `--${name}`));
  const real = readRealEndpoints(flags, env);
  const modes = (list('modes') ?? preset.modes).map((mode) => toMode(mode, '--modes'));
  const options: BenchOptions = {
    ...preset,
    profiles: real !== undefined ? ['real'] : (list('profiles') ?? preset.profiles),
    modes,
    worlds: list('worlds')?.map(toWorld) ?? preset.worlds,
    seeds: numbers('seeds') ?? preset.seeds,
    threshold: toNumber(flags.get('threshold') ?? String(preset.threshold), '--threshold'),
    sweepThresholds: numbers('thresholds') ?? preset.sweepThresholds,
    sweepModes: (list('sweep-modes') ?? preset.sweepModes).map((mode) =>
      toMode(mode, '--sweep-modes'),
    ),
    streamTokenMs: toNumber(
      flags.get('stream-token-ms') ?? String(preset.streamTokenMs),
      '--stream-token-ms',
    ),
    stepTokenMs: toNumber(
      flags.get('step-token-ms') ?? String(preset.stepTokenMs),
      '--step-token-ms',
    ),
    out: flags.get('out') ?? `infra/bench/out/${setting}`,
    real,
    snapshot: flags.has('snapshot'),
    verbose: flags.has('verbose'),
  };
  if (!options.modes.includes('base'))
    throw new TypeError('--modes must include base: every speedup is measured against it');
  return options;
}

const SWITCHES = new Set(['quick', 'full', 'snapshot', 'verbose', 'help']);

function readFlags(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] ?? '';
    if (!argument.startsWith('--')) throw new TypeError(`Unexpected argument "${argument}"`);
    const [name = '', inline] = argument.slice(2).split('=', 2);
    if (SWITCHES.has(name)) {
      flags.set(name, 'true');
      continue;
    }
    const value = inline ?? argv[++index];
    if (value === undefined) throw new TypeError(`--${name} needs a value`);
    flags.set(name, value);
  }
  return flags;
}

function readRealEndpoints(
  flags: Map<string, string>,
  env: Readonly<Record<string, string | undefined>>,
): RealEndpoints | undefined {
  const names = ['base-url', 'base-model', 'draft-url', 'draft-model'];
  const given = names.filter((name) => flags.has(name));
  if (given.length === 0) return undefined;
  const missing = names.filter((name) => !flags.has(name));
  if (missing.length > 0)
    throw new TypeError(`Real endpoints need ${missing.map((name) => `--${name}`).join(', ')}`);
  return {
    baseUrl: flags.get('base-url') as string,
    baseModel: flags.get('base-model') as string,
    baseApiKey: env.BENCH_BASE_API_KEY,
    draftUrl: flags.get('draft-url') as string,
    draftModel: flags.get('draft-model') as string,
    draftApiKey: env.BENCH_DRAFT_API_KEY,
    apiMode: flags.get('api-mode') ?? 'chat',
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

function toWorld(text: string): WorldSelection {
  const [world = '', count = '4'] = text.split(':');
  return { world, count: toNumber(count, '--worlds') };
}
