/**
 * The command line of `npm run eval`: flags and environment variables to validated options, and
 * the help text. Pure apart from reading the given environment.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EVAL_MODES, type EvalMode, type ScoreMethod, type Semantics } from './run/sweep-plan.ts';

/** The environment variables the command reads (SPECREASON_URL, SPECREASON_API_KEY, SIM_URL, HF_TOKEN). */
export type Environment = Readonly<Record<string, string | undefined>>;

export interface EvalOptions {
  url: string;
  apiKey: string;
  model: string;
  datasets: string[];
  subset: 'reference' | 'all';
  offset: number;
  limit: number | undefined;
  samples: number;
  modes: EvalMode[];
  thresholds: number[];
  scoreMethod: ScoreMethod;
  firstNBaseSteps: number;
  tokenBudget: number;
  semantics: Semantics;
  concurrency: number;
  out: string;
  seed: number;
  shuffleChoices: boolean;
  isSimulated: boolean;
  simulatorUrl: string | undefined;
  huggingFaceToken: string | undefined;
  timeoutMs: number;
  retries: number;
  retryFailed: boolean;
  reportOnly: boolean;
}

export const HELP = `Usage: npm run eval -- --url URL --api-key KEY --dataset SPEC[,SPEC…] [options]

Runs benchmark problems through SpecReason Edge's API and writes a report.

  --url URL               the Worker's origin (env SPECREASON_URL)
  --api-key KEY           bearer key (env SPECREASON_API_KEY)
  --dataset SPEC          math500 | aime2024 | gpqa-diamond (downloaded), FORMAT=PATH or PATH
                          (.jsonl, .json, .parquet), sim:WORLD (simulator); repeat or comma-separate
  --limit N --offset N    a slice of each dataset (after the reference subset)
  --all                   start from the whole split, not the reference subset
                          (AIME all 30, MATH-500 first 100, GPQA first 100)
  --k N                   samples per problem (default 16, as the paper)
  --modes LIST            base,speculative,draft (default all three)
  --thresholds LIST       speculative acceptance thresholds (default 7; the paper swept 3,5,7,9)
  --score-method M        greedy | average (default greedy)
  --first-n-base-steps N  default 0
  --token-budget N        thinking budget of every mode, in the server's tokens (default 8192);
                          the answer is a separate call with its own bound
  --semantics S           product (default) | reference: the reference's exact semantics
                          (no seeds, its scoring rules, the judge reads the raw step) for paper
                          comparisons
  --concurrency N         requests in flight (default 4)
  --out DIR               results, report and plots (default infra/eval/reports/<datasets>-k<k>);
                          running the same command again continues an unfinished run
  --seed N                option shuffle and request seeds (default 0)
  --no-shuffle            keep GPQA options in the reference's order (correct answer first)
  --simulated             label accuracy as simulated (automatic for sim: datasets)
  --sim-url URL           the simulator, for sim: datasets (env SIM_URL)
  --hf-token TOKEN        Hugging Face token for gated datasets such as GPQA (env HF_TOKEN)
  --timeout-ms N          per request (default 1800000)
  --retries N             retries of 429/5xx/timeouts per sample (default 4)
  --keep-failed           do not run again samples that failed in an earlier session
  --report-only           rewrite the report from the results already in --out (no requests)
`;

export function parseOptions(argv: readonly string[], env: Environment): EvalOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      url: { type: 'string' },
      'api-key': { type: 'string' },
      model: { type: 'string', default: 'specreason' },
      dataset: { type: 'string', multiple: true },
      limit: { type: 'string' },
      offset: { type: 'string', default: '0' },
      all: { type: 'boolean', default: false },
      k: { type: 'string', default: '16' },
      modes: { type: 'string', default: 'base,speculative,draft' },
      thresholds: { type: 'string', default: '7' },
      'score-method': { type: 'string', default: 'greedy' },
      'first-n-base-steps': { type: 'string', default: '0' },
      'token-budget': { type: 'string', default: '8192' },
      semantics: { type: 'string', default: 'product' },
      concurrency: { type: 'string', default: '4' },
      out: { type: 'string' },
      seed: { type: 'string', default: '0' },
      'no-shuffle': { type: 'boolean', default: false },
      simulated: { type: 'boolean', default: false },
      'sim-url': { type: 'string' },
      'hf-token': { type: 'string' },
      'timeout-ms': { type: 'string', default: '1800000' },
      retries: { type: 'string', default: '4' },
      'keep-failed': { type: 'boolean', default: false },
      'report-only': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const datasets = (values.dataset ?? []).flatMap(splitList);
  if (values['report-only'] && values.out === undefined) {
    throw new UsageError('--report-only needs the --out folder of an earlier run');
  }
  if (datasets.length === 0 && !values['report-only']) {
    throw new UsageError('Name at least one --dataset');
  }
  const url = values.url ?? env.SPECREASON_URL;
  const apiKey = values['api-key'] ?? env.SPECREASON_API_KEY;
  if (!values['report-only'] && (url === undefined || url === '')) {
    throw new UsageError('Give the API origin with --url (or SPECREASON_URL)');
  }
  if (!values['report-only'] && (apiKey === undefined || apiKey === '')) {
    throw new UsageError('Give the API key with --api-key (or SPECREASON_API_KEY)');
  }
  const samples = integer(values.k, '--k', 1);
  const modes = splitList(values.modes).map((mode) => {
    if (!(EVAL_MODES as readonly string[]).includes(mode)) {
      throw new UsageError(`Unknown mode "${mode}"; use ${EVAL_MODES.join(', ')}`);
    }
    return mode as EvalMode;
  });
  const thresholds = splitList(values.thresholds).map((text) => {
    const threshold = Number(text);
    if (!Number.isFinite(threshold) || threshold < 0 || threshold > 9) {
      throw new UsageError(`A threshold is a number from 0 to 9, got "${text}"`);
    }
    return threshold;
  });
  const scoreMethod = values['score-method'];
  if (scoreMethod !== 'greedy' && scoreMethod !== 'average') {
    throw new UsageError(`--score-method is greedy or average, got "${scoreMethod}"`);
  }
  const semantics = values.semantics;
  if (semantics !== 'product' && semantics !== 'reference') {
    throw new UsageError(`--semantics is product or reference, got "${semantics}"`);
  }
  return {
    url: url ?? '',
    apiKey: apiKey ?? '',
    model: values.model,
    datasets,
    subset: values.all ? 'all' : 'reference',
    offset: integer(values.offset, '--offset', 0),
    limit: values.limit === undefined ? undefined : integer(values.limit, '--limit', 1),
    samples,
    modes,
    thresholds,
    scoreMethod,
    firstNBaseSteps: integer(values['first-n-base-steps'], '--first-n-base-steps', 0),
    tokenBudget: integer(values['token-budget'], '--token-budget', 1),
    semantics,
    concurrency: integer(values.concurrency, '--concurrency', 1),
    out: values.out ?? join('infra', 'eval', 'reports', `${slug(datasets.join('+'))}-k${samples}`),
    seed: integer(values.seed, '--seed', 0),
    shuffleChoices: !values['no-shuffle'],
    isSimulated: values.simulated || datasets.some((spec) => spec.startsWith('sim:')),
    simulatorUrl: values['sim-url'] ?? env.SIM_URL,
    huggingFaceToken: values['hf-token'] ?? env.HF_TOKEN,
    timeoutMs: integer(values['timeout-ms'], '--timeout-ms', 1),
    retries: integer(values.retries, '--retries', 0),
    retryFailed: !values['keep-failed'],
    reportOnly: values['report-only'],
  };
}

/** A mistake on the command line: printed with the help, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function integer(text: string, flag: string, minimum: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum) {
    throw new UsageError(`${flag} takes a whole number of at least ${minimum}, got "${text}"`);
  }
  return value;
}

function slug(text: string): string {
  return (
    text
      .replace(/[^a-zA-Z0-9._+-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'run'
  );
}
