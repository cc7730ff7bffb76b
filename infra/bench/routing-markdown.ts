/**
 * The replica-routing section of the benchmark report (markdown), from the study's figures:
 * one table of every policy run, a line per world on the ≤ 0.5× prompt-token target and p90, the
 * kill's outcome, and placement as measured against what the profiles predict.
 */
import type { RoutingRun } from './replica-routing.ts';
import type { PlacementResult, RoutingReport } from './routing-study.ts';

/** Affinity's computed prompt tokens over round robin's that issue 15 targets. */
export const PROMPT_TOKEN_TARGET = 0.5;

/** A run busier than this left turns waiting for the CPU: its latencies are not model time. */
const CPU_BUSY_WARNING = 0.8;

const format = (value: number | undefined, digits = 0) =>
  value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);

const signed = (value: number | undefined, digits = 0) =>
  value === undefined ? '–' : `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;

const perCall = (run: RoutingRun) => {
  const calls = run.baseRequestsPerReplica.reduce((total, count) => total + count, 0);
  return calls === 0 ? undefined : run.basePromptTokensComputed / calls;
};

function runRow(run: RoutingRun): string {
  return `| \`${run.world}\` | ${run.name} | ${run.completed}/${run.turns} | ${run.keptSteps} | ${run.basePromptTokensComputed} | ${format(perCall(run))} | ${run.basePromptTokens} | ${format(run.p50TurnMs)} | ${format(run.p90TurnMs)} | ${format(run.medianTurnOverheadMs)} | ${run.baseRequestsPerReplica.join(' / ')} | ${format(run.cacheFill * 100)}% | ${format(run.cpuBusy * 100)}% |`;
}

/** The section of the benchmark report (markdown). */
export function renderRoutingMarkdown(report: RoutingReport): string {
  const { options, comparisons, kill, placement } = report;
  const runs = [
    ...comparisons.flatMap((comparison) => [comparison.affinity, comparison.roundRobin]),
    ...(kill === undefined ? [] : [kill.run]),
  ];
  const conversations = options.worlds
    .filter((world) => world.count > 0)
    .map((world) => `${world.count} on \`${world.world}\``)
    .join(', ');
  const lines = [
    '## Replica routing (issue 15)',
    '',
    `Simulated. Concurrent conversations (one speculative turn each, threshold 7, a seed per conversation): ${conversations}; ${options.replicas} base replicas of the \`${options.profile}\` profile, each with a prefix cache of ${report.replicaCacheTokens} tokens; time scale ${options.timeScale}. Latencies are model milliseconds rebuilt per turn as in the main tables (each model call at its simulated duration, the client's time between calls in real ms: "of which between calls" is its median per turn). "Fullest cache": the most blocks a replica's base prefix cache held, of its capacity (100% = it evicted); "CPU busy": this process's CPU time over the run's wall time.`,
    '',
    '| world | run | turns completed | kept steps | base prompt tokens computed | computed per base call | base prompt tokens | p50 turn ms | p90 turn ms | of which between calls | base calls per replica | fullest cache | CPU busy |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...runs.map(runRow),
    '',
    ...comparisons.map(({ world, affinity, roundRobin }) => {
      const ratio =
        roundRobin.basePromptTokensComputed > 0
          ? affinity.basePromptTokensComputed / roundRobin.basePromptTokensComputed
          : undefined;
      const met = ratio !== undefined && ratio <= PROMPT_TOKEN_TARGET;
      const faster =
        affinity.p90TurnMs !== undefined &&
        roundRobin.p90TurnMs !== undefined &&
        affinity.p90TurnMs < roundRobin.p90TurnMs;
      return `- \`${world}\`: prefix affinity computes ${format(ratio, 2)}× the base prompt tokens of round robin (target ≤ ${PROMPT_TOKEN_TARGET}: ${met ? 'met' : '**not met**'}); p90 turn latency ${format(affinity.p90TurnMs)} vs ${format(roundRobin.p90TurnMs)} ms (${faster ? 'faster' : '**not faster**'}).`;
    }),
  ];
  if (kill !== undefined)
    lines.push(killLine(kill.run, kill.differences, comparisons[0]?.affinity));
  if (placement !== undefined) lines.push('', ...placementLines(placement));
  const busy = [
    ...runs,
    ...(placement === undefined ? [] : [placement.far, placement.near]),
  ].filter((run) => run.cpuBusy > CPU_BUSY_WARNING);
  if (busy.length > 0)
    lines.push(
      '',
      `- CPU: ${busy.length} run(s) kept this process over ${CPU_BUSY_WARNING * 100}% busy, so the time between their calls includes waiting for the CPU; a larger \`--routing-time-scale\` gives cleaner latencies.`,
    );
  return lines.join('\n');
}

function killLine(killed: RoutingRun, differences: string[], undisturbed: RoutingRun | undefined) {
  const added = (pick: (run: RoutingRun) => number | undefined) => {
    const [after, before] = [
      pick(killed),
      undisturbed === undefined ? undefined : pick(undisturbed),
    ];
    return after === undefined || before === undefined ? undefined : after - before;
  };
  const same =
    differences.length === 0
      ? "every turn's steps and answer equal the undisturbed run's"
      : `${differences.length} turns differ from the undisturbed run: ${differences.join(', ')}`;
  return `- \`${killed.world}\`, replica ${killed.killedReplica ?? '–'} killed half-way: ${killed.completed} of ${killed.turns} turns completed; ${same}; added latency p50 ${signed(added((run) => run.p50TurnMs))} ms, p90 ${signed(added((run) => run.p90TurnMs))} ms, mean ${signed(added((run) => run.meanTurnMs))} ms.`;
}

function placementLines(placement: PlacementResult): string[] {
  const { far, near } = placement;
  const row = (run: RoutingRun) =>
    `| ${run.name} | ${format(run.baseRttMs, 1)} | ${run.completed}/${run.turns} | ${run.keptSteps} | ${format(run.meanTurnMs)} | ${format(run.p50StepMs)} | ${format(run.cpuBusy * 100)}% |`;
  return [
    `Placement (simulated, measured): prefix affinity on the \`edge\` profile, ${far.turns} conversations on \`${far.world}\`, run twice: the base endpoint across the WAN (the profile as is) and the conversations placed in the GPUs' region, as \`CONVERSATION_LOCATION_HINT\` does (the base one in-region round trip away, the \`h100\` profile's; the draft stays where it was).`,
    '',
    '| placement | base round trip ms | turns completed | kept steps | mean turn ms | p50 step ms | CPU busy |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    row(far),
    row(near),
    '',
    `- Placed near the GPUs, a kept step took ${format(placement.savedMsPerStep)} ms less on average (mean turn time difference ÷ kept steps per turn) and ${format(placement.savedP50StepMs)} ms less at the per-step median; the profiles predict ${format(placement.expectedMsPerStep)} ms (${format(placement.baseCallsPerStep, 2)} base calls per kept step × ${format(far.baseRttMs - near.baseRttMs, 1)} ms). ${placement.sameSteps ? 'Both runs kept the same steps and answers.' : '**The two runs kept different steps**, so their times do not compare step for step.'}`,
  ];
}
