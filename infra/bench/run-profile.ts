/**
 * Runs one latency profile: for each group of modes (time-scale.ts) a fresh stack, one warm-up
 * turn that is not recorded (the Worker's first request compiles it), then every problem × seed
 * in every mode at the comparison threshold, interleaved so that a change in machine load hits
 * all modes alike, then the threshold sweep on the first seed.
 */

import type { startStack } from '../dev/stack.ts';
import type { EvalProblem } from '../eval/datasets/problem.ts';
import { loadWorld } from '../eval/datasets/simulator-worlds.ts';
import { loadProfile } from '../simulator/profile.ts';
import { type BenchStack, type BenchStackOptions, startBenchStack } from './bench-stack.ts';
import type { BenchMode, BenchOptions } from './options.ts';
import { runTurn, type TurnOutcome } from './run-turn.ts';
import { type TurnGroup, turnGroups } from './time-scale.ts';
import type { TurnPlan } from './turn-request.ts';

/** One recorded turn with what it was. */
export interface TurnResult extends TurnOutcome {
  profile: string;
  timeScale: number;
  purpose: 'compare' | 'sweep';
  mode: BenchMode;
  threshold: number;
  seed: number;
  dataset: string;
  problemId: string;
}

/** What every run needs besides its options. */
export interface RunContext {
  options: BenchOptions;
  log: (line: string) => void;
  /** Root of the tree under measurement (this checkout, or a snapshot of its commit). */
  root: string;
  /** `startStack` of the tree under measurement. */
  start?: typeof startStack | undefined;
}

/** A turn the Worker's reload cut short (wrangler dev restarts it when a source file changes). */
const RESTARTED = /restarted mid-request/i;
const ATTEMPTS = 3;

export async function runProfile(context: RunContext, profile: string): Promise<TurnResult[]> {
  const { options, log } = context;
  const modes = [...new Set([...options.modes, ...options.sweepModes])];
  const groups: TurnGroup[] =
    options.real === undefined
      ? turnGroups(loadProfile(profile), modes, options)
      : [{ timeScale: 1, modes }];
  const results: TurnResult[] = [];
  for (const group of groups) {
    const stack = {
      profile: options.real === undefined ? profile : 'test',
      timeScale: group.timeScale,
      real: options.real,
    };
    await withBenchStack(context, stack, async (bench, problems) => {
      const plans = groupPlans(options, group, problems);
      log(
        `${profile}: ${plans.length} turns at time scale ${group.timeScale} (${group.modes.join(', ')})`,
      );
      const warmUp = plans[0];
      if (warmUp !== undefined) await runTurn(bench.target, warmUp.plan);
      let done = 0;
      for (const { plan, purpose } of plans) {
        let outcome = await runTurn(bench.target, plan);
        for (
          let attempt = 1;
          attempt < ATTEMPTS && RESTARTED.test(outcome.error ?? '');
          attempt++
        ) {
          log(`${profile}: the Worker reloaded mid-turn; running ${plan.problem.id} again`);
          outcome = await runTurn(bench.target, plan);
        }
        results.push({
          ...outcome,
          profile,
          timeScale: options.real === undefined ? group.timeScale : 1,
          purpose,
          mode: plan.mode,
          threshold: plan.threshold,
          seed: plan.seed,
          dataset: plan.problem.dataset,
          problemId: plan.problem.id,
        });
        done += 1;
        if (!outcome.ok)
          log(`${profile}: ${plan.mode} ${plan.problem.id} failed: ${outcome.error}`);
        if (done % 20 === 0 || done === plans.length) log(`${profile}: ${done}/${plans.length}`);
      }
    });
  }
  return results;
}

/**
 * Runs `use` against a fresh stack (bench-stack.ts) with the run's problems loaded from its
 * simulator, and stops the stack however `use` ends.
 */
export async function withBenchStack<T>(
  context: RunContext,
  stack: Pick<BenchStackOptions, 'profile' | 'timeScale' | 'real'>,
  use: (bench: BenchStack, problems: EvalProblem[]) => Promise<T>,
): Promise<T> {
  const bench = await startBenchStack({
    ...stack,
    verbose: context.options.verbose,
    start: context.start,
  });
  try {
    return await use(bench, await loadProblems(context.options, bench.stack.simulatorUrl));
  } finally {
    await bench.stop();
  }
}

async function loadProblems(options: BenchOptions, simulatorUrl: string): Promise<EvalProblem[]> {
  const sets = await Promise.all(
    options.worlds.map((selection) =>
      loadWorld(selection.world, {
        simulatorUrl,
        count: selection.count,
        seed: options.worldSeed,
      }),
    ),
  );
  return sets.flat();
}

/** The comparison (every seed, interleaved by mode) then the sweep (first seed). */
function groupPlans(
  options: BenchOptions,
  group: TurnGroup,
  problems: readonly EvalProblem[],
): { plan: TurnPlan; purpose: TurnResult['purpose'] }[] {
  const compare = options.modes.filter((mode) => group.modes.includes(mode));
  const swept = options.sweepModes.filter((mode) => group.modes.includes(mode));
  const thresholds = options.sweepThresholds.filter((value) => value !== options.threshold);
  const plans: { plan: TurnPlan; purpose: TurnResult['purpose'] }[] = [];
  for (const seed of options.seeds) {
    for (const problem of problems) {
      for (const mode of compare)
        plans.push({
          plan: { problem, mode, threshold: options.threshold, seed },
          purpose: 'compare',
        });
    }
  }
  const seed = options.seeds[0] ?? 1;
  for (const threshold of thresholds) {
    for (const problem of problems) {
      for (const mode of swept)
        plans.push({ plan: { problem, mode, threshold, seed }, purpose: 'sweep' });
    }
  }
  return plans;
}
