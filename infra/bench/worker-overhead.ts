/**
 * The Worker's overhead per step in real milliseconds, measured at real time (time scale 1) on
 * the fastest profile (h100-measured), so tokens arrive at a real model's pace and the Worker
 * handles each as it comes, as in production. (At time scale 0 a whole answer lands at once and
 * its handling would count as overhead; at small scales part of it does.) Beside it: the CPU the
 * workerd runtime spent per step, and the platform floor of a bare Durable Object.
 */
import { descendantsNamed, processUsage } from '../dev/process-usage.ts';
import type { EvalProblem } from '../eval/datasets/problem.ts';
import type { BenchMode } from './options.ts';
import { type FloorResult, measurePlatformFloor } from './platform-floor.ts';
import { type RunContext, withBenchStack } from './run-profile.ts';
import { runTurn, type TurnOutcome } from './run-turn.ts';
import { median } from './statistics.ts';

/** The profile the overhead phase and the platform floor run on, at real time. */
export const OVERHEAD_PROFILE = 'h100-measured';
const OVERHEAD_MODES: readonly BenchMode[] = ['speculative', 'draft-ahead', 'hedged'];

export interface OverheadTurn extends Pick<TurnOutcome, 'keptSteps' | 'timeline'> {
  mode: BenchMode;
  calls: number;
}

export interface OverheadMeasurement {
  profile: string;
  timeScale: number;
  turns: OverheadTurn[];
  /** workerd CPU time over the measured turns / their kept steps (all of it, on or off the critical path). */
  workerdCpuMsPerStep: number | undefined;
  floor: FloorResult | undefined;
}

export async function measureWorkerOverhead(context: RunContext): Promise<OverheadMeasurement> {
  const { options, log } = context;
  const stack = { profile: OVERHEAD_PROFILE, timeScale: 1, real: undefined };
  return withBenchStack(context, stack, async (bench, problems) => {
    const pick = (index: number) => problems[index % problems.length] as EvalProblem;
    await runTurn(bench.target, { problem: pick(0), mode: 'speculative', threshold: 7, seed: 1 });
    const runtimes = descendantsNamed(process.pid, 'workerd');
    const cpu = () => runtimes.reduce((total, pid) => total + (processUsage(pid)?.cpuMs ?? 0), 0);
    const cpuBefore = cpu();
    const turns: OverheadTurn[] = [];
    for (let index = 0; index < options.overheadTurns; index += 1) {
      for (const mode of OVERHEAD_MODES) {
        const plan = { problem: pick(index), mode, threshold: options.threshold, seed: 1 };
        const outcome = await runTurn(bench.target, plan);
        if (!outcome.ok) continue;
        turns.push({
          mode,
          keptSteps: outcome.keptSteps,
          timeline: outcome.timeline,
          calls: outcome.calls.length,
        });
      }
    }
    const steps = turns.reduce((total, turn) => total + turn.keptSteps, 0);
    const workerdCpuMsPerStep =
      steps > 0 && runtimes.length > 0 ? (cpu() - cpuBefore) / steps : undefined;
    log(`overhead: ${turns.length} turns at time scale 1 on ${OVERHEAD_PROFILE}`);
    const root = context.root;
    const tap = bench.target.taps[0];
    const floor =
      tap === undefined ? undefined : await measurePlatformFloor(root, tap, options.floorCalls);
    log('overhead: platform floor measured');
    return { profile: OVERHEAD_PROFILE, timeScale: 1, turns, workerdCpuMsPerStep, floor };
  });
}

/** Medians over `turns`: per kept step (between calls, and with the turn's start and end), per gap. */
export function overheadFigures(turns: readonly OverheadTurn[]) {
  const measured = turns.flatMap((turn) =>
    turn.timeline === undefined || turn.keptSteps === 0
      ? []
      : [{ ...turn, timeline: turn.timeline }],
  );
  const perStep = (value: (turn: (typeof measured)[number]) => number) =>
    median(measured.map((turn) => value(turn) / turn.keptSteps));
  return {
    turns: measured.length,
    betweenCallsPerStepMs: perStep(
      ({ timeline }) => timeline.overheadMs - timeline.startGapMs - timeline.tailGapMs,
    ),
    inclusivePerStepMs: perStep(({ timeline }) => timeline.overheadMs),
    callGapMs: median(measured.flatMap(({ timeline }) => timeline.callGapsMs)),
    startMs: median(measured.map(({ timeline }) => timeline.startGapMs)),
    tailMs: median(measured.map(({ timeline }) => timeline.tailGapMs)),
    callsPerStep: median(measured.map((turn) => turn.calls / turn.keptSteps)),
  };
}
