/**
 * The plan of a sweep: which configurations run (modes × thresholds), which samples each problem
 * gets, the key that names a sample in the results file, and each sample's request seed. Pure.
 */
import type { EvalProblem, LoadedDataset } from '../datasets/problem.ts';
import { hashString } from '../datasets/seeded-random.ts';

export const EVAL_MODES = ['base', 'draft', 'speculative'] as const;
export type EvalMode = (typeof EVAL_MODES)[number];
export type ScoreMethod = 'greedy' | 'average';
/** `product` (SpecReason Edge's own choices) or `reference` (the reference's exact semantics). */
export type Semantics = 'product' | 'reference';

/** The knobs of one point of the sweep. */
export interface SweepConfig {
  mode: EvalMode;
  /** The acceptance threshold (0–9); only speculative runs have one. */
  threshold: number | undefined;
  scoreMethod: ScoreMethod;
  firstNBaseSteps: number;
  tokenBudget: number;
  semantics: Semantics;
}

/** Knobs shared by every configuration of a sweep. */
export interface SweepSettings {
  scoreMethod: ScoreMethod;
  firstNBaseSteps: number;
  tokenBudget: number;
  semantics: Semantics;
}

/** One request to make: a problem, a configuration and the sample's index among k. */
export interface SampleTask {
  key: string;
  problem: EvalProblem;
  config: SweepConfig;
  sample: number;
  seed: number;
}

/** Base and draft runs ignore the threshold, so they run once; speculative runs once per threshold. */
export function sweepConfigs(
  modes: readonly EvalMode[],
  thresholds: readonly number[],
  settings: SweepSettings,
): SweepConfig[] {
  return modes.flatMap((mode): SweepConfig[] =>
    mode === 'speculative'
      ? thresholds.map((threshold) => ({ mode, threshold, ...pickSettings(settings) }))
      : [{ mode, threshold: undefined, ...pickSettings(settings) }],
  );
}

/** The knobs alone: callers pass their whole options object as the settings. */
function pickSettings(settings: SweepSettings): SweepSettings {
  const { scoreMethod, firstNBaseSteps, tokenBudget, semantics } = settings;
  return { scoreMethod, firstNBaseSteps, tokenBudget, semantics };
}

/** `base`, `draft`, `speculative t7` (with non-default knobs appended). */
export function configLabel(config: SweepConfig): string {
  if (config.mode !== 'speculative') return config.mode;
  const extras = [
    config.scoreMethod === 'greedy' ? undefined : config.scoreMethod,
    config.firstNBaseSteps === 0 ? undefined : `first ${config.firstNBaseSteps} base`,
  ].filter((extra) => extra !== undefined);
  const label = `speculative t${config.threshold}`;
  return extras.length === 0 ? label : `${label} (${extras.join(', ')})`;
}

/** Names everything that changes the request, so a changed knob never reuses an old result. */
export function sampleKey(problem: EvalProblem, config: SweepConfig, sample: number): string {
  const threshold = config.threshold === undefined ? '-' : String(config.threshold);
  const knobs =
    config.mode === 'speculative'
      ? `t${threshold}|${config.scoreMethod}|n${config.firstNBaseSteps}`
      : 't-|-|n-';
  return [
    problem.dataset,
    problem.id,
    config.mode,
    knobs,
    `b${config.tokenBudget}`,
    `s${sample}`,
    // Keys of product runs stay as they were before the knob existed.
    ...(config.semantics === 'reference' ? ['reference'] : []),
  ].join('|');
}

/**
 * The request seed of a sample depends on the problem and the sample index, not on the mode:
 * every configuration of sample i sees the same seed (common random numbers).
 */
export function sampleSeed(seed: number, problem: EvalProblem, sample: number): number {
  return hashString(`${seed}|${problem.dataset}|${problem.id}|${sample}`) & 0x7fffffff;
}

/**
 * All tasks, sample index first: a run stopped early holds whole rounds of every configuration,
 * so its partial numbers compare like with like.
 */
export function planSweep(
  datasets: readonly LoadedDataset[],
  configs: readonly SweepConfig[],
  samples: number,
  seed: number,
): SampleTask[] {
  const tasks: SampleTask[] = [];
  for (let sample = 0; sample < samples; sample++) {
    for (const dataset of datasets) {
      for (const problem of dataset.problems) {
        for (const config of configs) {
          const key = sampleKey(problem, config, sample);
          tasks.push({ key, problem, config, sample, seed: sampleSeed(seed, problem, sample) });
        }
      }
    }
  }
  return tasks;
}
