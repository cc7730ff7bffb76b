/**
 * Assembles the report from the recorded turns: per profile the mode comparison at the
 * comparison threshold, the threshold sweep (its comparison-threshold point taken from the
 * comparison turns of the same seed), each problem's speedup per mode, the Worker's footprint
 * and the targets. Pure: turns and facts about the run in, the report object out.
 */
import type { BenchMode, BenchOptions } from './options.ts';
import type { TurnResult } from './run-profile.ts';
import { mean } from './statistics.ts';
import { type ConfigSummary, summarize } from './summarize.ts';
import { evaluateTargets, type TargetResult } from './targets.ts';
import type { WorkerFootprint } from './worker-footprint.ts';

export interface ProblemSpeedup {
  problem: string;
  /** Mean over seeds of base latency / this mode's latency. */
  speedup: number;
}

export interface ProfileReport {
  name: string;
  simulated: boolean;
  compare: ConfigSummary[];
  sweep: ConfigSummary[];
  perProblem: { mode: BenchMode; problems: ProblemSpeedup[] }[];
  /** Each pipelining variant against sequential speculative turns of the same problems and seeds. */
  pipelineGain: { mode: BenchMode; ofMedians?: number; pairedMedian?: number }[];
}

export interface RunFacts {
  command: string;
  commit: string;
  /** The measured tree: a clean snapshot of the commit, or the working tree as it was. */
  tree: 'snapshot' | 'working tree' | 'working tree with uncommitted changes';
  startedAt: string;
  durationSeconds: number;
  machine: { cpus: number; loadAverage: { at: string; oneMinute: number }[]; node: string };
}

export interface BenchReport {
  facts: RunFacts;
  options: Omit<BenchOptions, 'real'> & {
    real: { baseModel: string; draftModel: string } | undefined;
  };
  profiles: ProfileReport[];
  footprint: WorkerFootprint | undefined;
  targets: TargetResult[];
}

export function buildReport(
  options: BenchOptions,
  facts: RunFacts,
  turns: readonly TurnResult[],
  footprint: WorkerFootprint | undefined,
): BenchReport {
  const simulated = options.real === undefined;
  const profiles = options.profiles.map((name) =>
    profileReport(
      options,
      name,
      simulated,
      turns.filter((turn) => turn.profile === name),
    ),
  );
  const real = options.real;
  return {
    facts,
    options: {
      ...options,
      real:
        real === undefined ? undefined : { baseModel: real.baseModel, draftModel: real.draftModel },
    },
    profiles,
    footprint,
    targets: evaluateTargets(profiles, footprint, simulated),
  };
}

function profileReport(
  options: BenchOptions,
  name: string,
  simulated: boolean,
  turns: readonly TurnResult[],
): ProfileReport {
  const compare = turns.filter((turn) => turn.purpose === 'compare');
  const base = compare.filter((turn) => turn.mode === 'base');
  const firstSeed = options.seeds[0];
  const baseFirstSeed = base.filter((turn) => turn.seed === firstSeed);
  const of = (source: readonly TurnResult[], mode: BenchMode, threshold: number) =>
    source.filter((turn) => turn.mode === mode && turn.threshold === threshold);
  const compareSummaries = options.modes
    .map((mode) => of(compare, mode, options.threshold))
    .filter((group) => group.length > 0)
    .map((group) => summarize(group, base, simulated));
  const thresholds = [...new Set([...options.sweepThresholds, options.threshold])].sort(
    (left, right) => left - right,
  );
  const sweep = options.sweepModes.flatMap((mode) =>
    thresholds.flatMap((threshold) => {
      const group =
        threshold === options.threshold
          ? of(compare, mode, threshold).filter((turn) => turn.seed === firstSeed)
          : of(
              turns.filter((turn) => turn.purpose === 'sweep'),
              mode,
              threshold,
            );
      return group.length === 0 ? [] : [summarize(group, baseFirstSeed, simulated)];
    }),
  );
  const perProblem = options.modes
    .filter((mode) => mode !== 'base')
    .map((mode) => ({
      mode,
      problems: problemSpeedups(of(compare, mode, options.threshold), base),
    }));
  const sequential = of(compare, 'speculative', options.threshold);
  const pipelineGain = (['draft-ahead', 'hedged'] as const)
    .map((mode) => of(compare, mode, options.threshold))
    .filter((group) => group.length > 0 && sequential.length > 0)
    .map((group) => {
      const versus = summarize(group, sequential, simulated);
      return {
        mode: versus.mode,
        ofMedians: versus.speedup,
        pairedMedian: versus.pairedSpeedup.median,
      };
    });
  return { name, simulated, compare: compareSummaries, sweep, perProblem, pipelineGain };
}

function problemSpeedups(
  turns: readonly TurnResult[],
  base: readonly TurnResult[],
): ProblemSpeedup[] {
  const latency = (turn: TurnResult) => turn.timeline?.latencyMs;
  const ids = [...new Set(turns.map((turn) => `${turn.dataset}|${turn.problemId}`))];
  return ids.flatMap((id) => {
    const ratios = turns
      .filter((turn) => turn.ok && `${turn.dataset}|${turn.problemId}` === id)
      .flatMap((turn) => {
        const reference = base.find(
          (candidate) =>
            candidate.ok &&
            candidate.seed === turn.seed &&
            `${candidate.dataset}|${candidate.problemId}` === id,
        );
        const mine = latency(turn);
        const theirs = reference === undefined ? undefined : latency(reference);
        return mine === undefined || theirs === undefined ? [] : [theirs / mine];
      });
    const speedup = mean(ratios);
    return speedup === undefined ? [] : [{ problem: id.split('|')[1] ?? id, speedup }];
  });
}
