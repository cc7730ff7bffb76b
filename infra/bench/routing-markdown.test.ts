import { describe, expect, it } from 'vitest';
import type { RoutingRun } from './replica-routing.ts';
import { renderRoutingMarkdown } from './routing-markdown.ts';
import type { RoutingReport } from './routing-study.ts';

function fakeRun(overrides: Partial<RoutingRun>): RoutingRun {
  return {
    name: 'affinity',
    policy: 'affinity',
    world: 'math',
    profile: 'h100',
    baseRttMs: 0.5,
    killedReplica: undefined,
    turns: 4,
    completed: 4,
    keptSteps: 40,
    basePromptTokens: 100_000,
    baseCachedTokens: 60_000,
    basePromptTokensComputed: 40_000,
    baseRequestsPerReplica: [25, 25, 25, 25],
    cacheFill: 0.2,
    cpuBusy: 0.3,
    p50TurnMs: 10_000,
    p90TurnMs: 12_000,
    meanTurnMs: 10_500,
    medianTurnOverheadMs: 400,
    p50StepMs: 250,
    outcomes: {},
    ...overrides,
  };
}

function fakeReport(): RoutingReport {
  return {
    options: {
      worlds: [
        { world: 'math', count: 4 },
        { world: 'aime', count: 4 },
      ],
      replicas: 4,
      profile: 'h100',
      timeScale: 1,
      worldSeed: 1,
      placementConversations: 2,
    },
    replicaCacheTokens: 304_000,
    comparisons: [
      {
        world: 'math',
        affinity: fakeRun({}),
        roundRobin: fakeRun({
          name: 'round-robin',
          policy: 'round-robin',
          basePromptTokensComputed: 64_000,
          p90TurnMs: 15_000,
        }),
      },
      {
        world: 'aime',
        affinity: fakeRun({ world: 'aime', basePromptTokensComputed: 30_000, p90TurnMs: 90_000 }),
        roundRobin: fakeRun({
          world: 'aime',
          name: 'round-robin',
          policy: 'round-robin',
          basePromptTokensComputed: 100_000,
          cacheFill: 1,
          cpuBusy: 0.95,
          p90TurnMs: 80_000,
        }),
      },
    ],
    kill: {
      run: fakeRun({
        name: 'affinity, replica 2 killed mid-run',
        killedReplica: 2,
        p90TurnMs: 13_000,
      }),
      differences: [],
    },
    placement: {
      far: fakeRun({
        name: 'base across the WAN',
        profile: 'edge',
        baseRttMs: 60,
        meanTurnMs: 20_000,
      }),
      near: fakeRun({ name: 'placed in the GPUs region', profile: 'edge', meanTurnMs: 11_000 }),
      sameSteps: true,
      savedMsPerStep: 900,
      savedP50StepMs: 88,
      expectedMsPerStep: 89.25,
      baseCallsPerStep: 1.5,
    },
  };
}

describe('the replica-routing report section', () => {
  it('says per world whether affinity met the prompt-token target and was faster at p90', () => {
    const markdown = renderRoutingMarkdown(fakeReport());
    expect(markdown).toContain(
      '- `math`: prefix affinity computes 0.63× the base prompt tokens of round robin (target ≤ 0.5: **not met**); p90 turn latency 12000 vs 15000 ms (faster).',
    );
    expect(markdown).toContain(
      '- `aime`: prefix affinity computes 0.30× the base prompt tokens of round robin (target ≤ 0.5: met); p90 turn latency 90000 vs 80000 ms (**not faster**).',
    );
    expect(markdown).toContain('| `aime` | round-robin | 4/4 | 40 | 100000 | 1000 | 100000 |');
    expect(markdown).toContain('| 80000 | 400 | 25 / 25 / 25 / 25 | 100% | 95% |');
  });

  it('reports the kill against the undisturbed affinity run of the same world', () => {
    expect(renderRoutingMarkdown(fakeReport())).toContain(
      "- `math`, replica 2 killed half-way: 4 of 4 turns completed; every turn's steps and answer equal the undisturbed run's; added latency p50 +0 ms, p90 +1000 ms, mean +0 ms.",
    );
  });

  it('shows placement as measured, next to what the profiles predict', () => {
    const markdown = renderRoutingMarkdown(fakeReport());
    expect(markdown).toContain('Placement (simulated, measured)');
    expect(markdown).toContain('| base across the WAN | 60.0 | 4/4 | 40 | 20000 | 250 | 30% |');
    expect(markdown).toContain(
      'a kept step took 900 ms less on average (mean turn time difference ÷ kept steps per turn) and 88 ms less at the per-step median; the profiles predict 89 ms (1.50 base calls per kept step × 59.5 ms). Both runs kept the same steps and answers.',
    );
  });

  it('warns when a run kept the process so busy that its latencies are not model time', () => {
    expect(renderRoutingMarkdown(fakeReport())).toContain(
      '- CPU: 1 run(s) kept this process over 80% busy',
    );
    const calm = fakeReport();
    const aime = calm.comparisons[1];
    if (aime !== undefined) aime.roundRobin.cpuBusy = 0.5;
    expect(renderRoutingMarkdown(calm)).not.toContain('- CPU:');
  });
});
