/**
 * Threshold sweep: runs the reference SpecReason loop over a seeded simulator world for each
 * threshold (and base-only and draft-only for reference), then prints the accept rate, the
 * share of kept steps written by the draft, simulated accuracy and the simulator's own record
 * of model time. Starts an in-process simulator (very small time scale) unless --url is given.
 *
 *   npx node infra/simulator/sweep.ts [--world math|aime|gpqa] [--count 40] [--seed 1]
 *     [--thresholds 3,5,7,9] [--score greedy|average] [--profile paper-a6000] [--url URL]
 */
import { parseArgs } from 'node:util';
import type { Problem } from '../../src/core/prompts.ts';
import { readConfig } from './config.ts';
import { createSimulator } from './server.ts';
import { type LoopOptions, runProblem } from './sweep-loop.ts';

const { values } = parseArgs({
  options: {
    world: { type: 'string', default: 'math' },
    count: { type: 'string', default: '40' },
    seed: { type: 'string', default: '1' },
    thresholds: { type: 'string', default: '3,5,7,9' },
    score: { type: 'string', default: 'greedy' },
    profile: { type: 'string', default: 'paper-a6000' },
    url: { type: 'string' },
  },
});

interface StatsSnapshot {
  requests: { busyMs: number; overheadMs: number; networkMs: number; model: string }[];
}

const simulator =
  values.url === undefined
    ? createSimulator(
        readConfig(['--port', '0', '--profile', values.profile, '--time-scale', '0.0001'], {}),
      )
    : undefined;
const url = values.url ?? (await simulator!.listen());

const worldText = await (
  await fetch(`${url}/sim/worlds/${values.world}?count=${values.count}&seed=${values.seed}`)
).text();
const items = worldText
  .trim()
  .split('\n')
  .map(
    (line) =>
      JSON.parse(line) as {
        problem?: string;
        question?: string;
        choices?: Problem['choices'];
        answer: string;
      },
  );
const problems = items.map((item) => ({
  problem:
    item.choices === undefined
      ? ({ template: 'math', text: item.problem ?? '' } as Problem)
      : ({
          template: 'multiple-choice',
          text: item.question ?? '',
          choices: item.choices,
        } as Problem),
  answer: item.answer,
}));

const modes: { label: string; threshold: number | undefined; solo?: 'base' | 'draft' }[] = [
  { label: 'base only', threshold: undefined, solo: 'base' },
  ...values.thresholds
    .split(',')
    .map((value) => ({ label: `threshold ${value}`, threshold: Number(value) })),
  { label: 'draft only', threshold: undefined, solo: 'draft' },
];

console.log(
  `SpecReason sweep: world ${values.world} x${problems.length} (seed ${values.seed}), score ${values.score}, profile ${simulator ? values.profile : url}`,
);
console.log(
  'mode          accept  draft-share  accuracy(simulated)  steps  model-s/problem  latency-s/problem',
);
for (const mode of modes) {
  await fetch(`${url}/sim/stats/reset?cache=1`, { method: 'POST' });
  const options: LoopOptions = {
    url,
    baseModel: 'base',
    draftModel: 'draft',
    threshold: mode.threshold,
    soloModel: mode.solo,
    scoreMethod: values.score === 'average' ? 'average' : 'greedy',
    tokenBudget: 8192,
  };
  let proposed = 0;
  let accepted = 0;
  let kept = 0;
  let correct = 0;
  for (const { problem, answer } of problems) {
    const result = await runProblem(options, problem);
    proposed += result.proposed;
    accepted += result.accepted;
    kept += result.steps.length;
    if (result.answer === answer) correct += 1;
  }
  const stats = (await (await fetch(`${url}/sim/stats`)).json()) as StatsSnapshot;
  const busy = stats.requests.reduce((sum, request) => sum + request.busyMs, 0);
  const latency = stats.requests.reduce(
    (sum, request) => sum + request.busyMs + request.overheadMs + request.networkMs,
    0,
  );
  const draftShare = mode.solo === 'draft' ? 1 : mode.solo === 'base' ? 0 : accepted / kept;
  console.log(
    [
      mode.label.padEnd(13),
      (mode.threshold === undefined
        ? '-'
        : `${((100 * accepted) / proposed).toFixed(1)}%`
      ).padStart(6),
      `${(100 * draftShare).toFixed(1)}%`.padStart(11),
      `${((100 * correct) / problems.length).toFixed(1)}%`.padStart(20),
      (kept / problems.length).toFixed(1).padStart(6),
      (busy / 1000 / problems.length).toFixed(1).padStart(16),
      (latency / 1000 / problems.length).toFixed(1).padStart(18),
    ].join(' '),
  );
}
await simulator?.close();
