/**
 * Turns sample results into one row of figures per dataset × configuration: pass@1 averaged over
 * the k samples of each problem and then over problems (as the paper), client-side latency (mean,
 * p50, p90), accept rate, the small model's share of kept steps, tokens by origin, and speedup and
 * accuracy change against the base run of the same dataset and budget. Pure.
 */
import { median, p90 } from '../../bench/statistics.ts';
import type { ReplyUsage } from '../run/api-client.ts';
import type { SampleResult } from '../run/results-file.ts';
import { configLabel, type SweepConfig } from '../run/sweep-plan.ts';

export interface LatencyStats {
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
}

/** The figures of one dataset × configuration. Undefined where no sample had the data. */
export interface CellStats {
  dataset: string;
  config: SweepConfig;
  label: string;
  /** Problems with at least one answered sample. */
  problems: number;
  /** Answered samples (failures excluded). */
  samples: number;
  failed: number;
  /** Fraction in [0, 1]: the reply graded with its answer phase (content, else the last step). */
  accuracy: number | undefined;
  /**
   * Fraction in [0, 1]: graded without the answer phase, as the reference (the answer in the
   * kept steps only); undefined when no result recorded it.
   */
  accuracyWithoutAnswerPhase: number | undefined;
  latency: LatencyStats | undefined;
  serverElapsedMeanMs: number | undefined;
  /** Accepted drafts over proposed drafts. */
  acceptRate: number | undefined;
  /** Accepted drafts over all kept steps (accepted, regenerated, base). */
  smallModelStepShare: number | undefined;
  /** Means per answered sample. */
  tokens: { draft?: number; base?: number; judgePrefill?: number; completion?: number };
  judgeCallsMean: number | undefined;
  costUsdMean: number | undefined;
  /** Base mean latency over this mean latency. */
  speedupVsBase: number | undefined;
  /** Accuracy minus the base run's, in fractions (0.02 = two points). */
  accuracyChangeVsBase: number | undefined;
}

export function aggregate(results: readonly SampleResult[]): CellStats[] {
  const groups = new Map<string, SampleResult[]>();
  for (const result of results) {
    const id = cellId(result.dataset, configOf(result));
    groups.set(id, [...(groups.get(id) ?? []), result]);
  }
  const cells = [...groups.values()].map(summarise);
  for (const cell of cells) {
    const base = cells.find(
      (other) =>
        other.dataset === cell.dataset &&
        other.config.mode === 'base' &&
        other.config.tokenBudget === cell.config.tokenBudget &&
        other.config.semantics === cell.config.semantics,
    );
    if (base === undefined) continue;
    if (base.latency !== undefined && cell.latency !== undefined && cell.latency.meanMs > 0) {
      cell.speedupVsBase = base.latency.meanMs / cell.latency.meanMs;
    }
    if (base.accuracy !== undefined && cell.accuracy !== undefined) {
      cell.accuracyChangeVsBase = cell.accuracy - base.accuracy;
    }
  }
  return cells.sort(compareCells(results));
}

function summarise(group: SampleResult[]): CellStats {
  const first = group[0] as SampleResult;
  const config = configOf(first);
  const answered = group.filter((result) => result.status === 'ok');
  const latencies = answered.flatMap((result) =>
    result.latencyMs === null ? [] : [result.latencyMs],
  );
  const usages = answered.flatMap((result) => (result.usage === null ? [] : [result.usage]));
  const total = (field: keyof ReplyUsage) => sum(usages.map((usage) => usage[field]));
  const proposed = total('stepsProposed');
  const accepted = total('stepsAccepted');
  const kept = sum([accepted, total('stepsRegenerated'), total('stepsBase')]);
  const meanOf = (field: keyof ReplyUsage) =>
    mean(definedValues(usages.map((usage) => usage[field])));
  return {
    dataset: first.dataset,
    config,
    label: configLabel(config),
    problems: new Set(answered.map((result) => result.problemId)).size,
    samples: answered.length,
    failed: group.length - answered.length,
    accuracy: passAtOne(answered, (result) => result.isCorrect === true),
    accuracyWithoutAnswerPhase: passAtOne(answered, (result) => result.isCorrectWithoutAnswerPhase),
    latency: latencyStats(latencies),
    serverElapsedMeanMs: mean(
      answered.flatMap((result) =>
        result.serverElapsedMs === null ? [] : [result.serverElapsedMs],
      ),
    ),
    acceptRate: ratio(accepted, proposed),
    smallModelStepShare: ratio(accepted, kept),
    tokens: withoutUndefined({
      draft: meanOf('draftTokens'),
      base: meanOf('baseTokens'),
      judgePrefill: meanOf('judgePrefillTokens'),
      completion: meanOf('completionTokens'),
    }),
    judgeCallsMean: meanOf('judgeCalls'),
    costUsdMean: meanOf('costUsd'),
    speedupVsBase: undefined,
    accuracyChangeVsBase: undefined,
  };
}

/** pass@1 averaged over problems, from the samples that recorded `grade`. */
function passAtOne(
  results: readonly SampleResult[],
  grade: (result: SampleResult) => boolean | null | undefined,
): number | undefined {
  const byProblem = new Map<string, number[]>();
  for (const result of results) {
    const mark = grade(result);
    if (mark === null || mark === undefined) continue;
    byProblem.set(result.problemId, [...(byProblem.get(result.problemId) ?? []), Number(mark)]);
  }
  return mean([...byProblem.values()].map((marks) => mean(marks) ?? 0));
}

/** Mean, and p50 and p90 interpolated between the closest ranks (NumPy's default). */
export function latencyStats(values: readonly number[]): LatencyStats | undefined {
  const meanMs = mean(values);
  if (meanMs === undefined) return undefined;
  return { meanMs, p50Ms: median(values) ?? Number.NaN, p90Ms: p90(values) ?? Number.NaN };
}

function configOf(result: SampleResult): SweepConfig {
  return {
    mode: result.mode,
    threshold: result.threshold ?? undefined,
    scoreMethod: result.scoreMethod,
    firstNBaseSteps: result.firstNBaseSteps,
    tokenBudget: result.tokenBudget,
    semantics: result.semantics ?? 'product',
  };
}

function cellId(dataset: string, config: SweepConfig): string {
  const shared = `${dataset}|${config.mode}|${config.tokenBudget}|${config.semantics}`;
  if (config.mode !== 'speculative') return shared;
  return `${shared}|${config.threshold}|${config.scoreMethod}|${config.firstNBaseSteps}`;
}

const MODE_ORDER = { base: 0, speculative: 1, draft: 2 } as const;

/** Datasets in the order they first appear; base, speculative by threshold, then draft. */
function compareCells(results: readonly SampleResult[]) {
  const datasets = [...new Set(results.map((result) => result.dataset))];
  return (a: CellStats, b: CellStats) =>
    datasets.indexOf(a.dataset) - datasets.indexOf(b.dataset) ||
    a.config.tokenBudget - b.config.tokenBudget ||
    MODE_ORDER[a.config.mode] - MODE_ORDER[b.config.mode] ||
    (a.config.threshold ?? 0) - (b.config.threshold ?? 0) ||
    a.config.firstNBaseSteps - b.config.firstNBaseSteps ||
    a.config.scoreMethod.localeCompare(b.config.scoreMethod);
}

function definedValues(values: ReadonlyArray<number | undefined>): number[] {
  return values.filter((value): value is number => value !== undefined);
}

function sum(values: ReadonlyArray<number | undefined>): number | undefined {
  const defined = definedValues(values);
  return defined.length === 0 ? undefined : defined.reduce((total, value) => total + value, 0);
}

function mean(values: readonly number[]): number | undefined {
  return values.length === 0
    ? undefined
    : values.reduce((total, value) => total + value, 0) / values.length;
}

function ratio(numerator: number | undefined, denominator: number | undefined): number | undefined {
  return numerator === undefined || denominator === undefined || denominator === 0
    ? undefined
    : numerator / denominator;
}

function withoutUndefined<T extends Record<string, number | undefined>>(record: T) {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: number;
  };
}
