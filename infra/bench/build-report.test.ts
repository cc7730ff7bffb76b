import { describe, expect, it } from 'vitest';
import { buildReport, type RunFacts } from './build-report.ts';
import { fakeFootprint, fakeOptions, fakeTurn } from './fake-turns.ts';

const FACTS: RunFacts = {
  command: 'npm run bench -- --quick',
  commit: '0123456789abcdef',
  tree: 'snapshot',
  startedAt: '2026-11-27T00:00:00.000Z',
  durationSeconds: 100,
  machine: {
    cpus: 2,
    loadAverage: [{ at: '2026-11-27T00:00:00.000Z', oneMinute: 0.5 }],
    node: 'v22',
  },
};

const turnsOf = (profile: string, latencies: Record<string, number[]>) =>
  Object.entries(latencies).flatMap(([mode, values]) =>
    values.map((latencyMs, index) =>
      fakeTurn({
        profile,
        mode: mode as never,
        latencyMs,
        idealMs: latencyMs * 0.97,
        problemId: `p${index}`,
      }),
    ),
  );

describe('the benchmark report', () => {
  it('measures speedup against base on the same problems and seeds, and pipelining against sequential turns', () => {
    const turns = turnsOf('edge', {
      base: [4000, 8000],
      speculative: [2000, 4000],
      hedged: [1600, 3200],
    });
    const report = buildReport(
      fakeOptions({ profiles: ['edge'], modes: ['base', 'speculative', 'hedged'] }),
      FACTS,
      turns,
      undefined,
    );
    const [edge] = report.profiles;
    const speculative = edge?.compare.find((summary) => summary.mode === 'speculative');
    expect(speculative?.speedup).toBeCloseTo(2);
    expect(speculative?.acceptRate).toBeCloseTo(0.6);
    expect(speculative?.efficiency.median).toBeCloseTo(0.97);
    expect(edge?.pipelineGain).toEqual([{ mode: 'hedged', ofMedians: 1.25, pairedMedian: 1.25 }]);
    expect(edge?.perProblem.find((entry) => entry.mode === 'hedged')?.problems).toEqual([
      { problem: 'p0', speedup: 2.5 },
      { problem: 'p1', speedup: 2.5 },
    ]);
    const target = report.targets.find((item) =>
      item.target.startsWith('edge: pipelined (hedged)'),
    );
    expect(target).toMatchObject({ met: true, value: '1.25×' });
  });

  it("takes the sweep's comparison-threshold point from the comparison turns of the first seed", () => {
    const turns = [
      fakeTurn({ mode: 'base', latencyMs: 9000 }),
      fakeTurn({ mode: 'speculative', latencyMs: 3000 }),
      fakeTurn({ mode: 'speculative', latencyMs: 5000, seed: 2 }),
      fakeTurn({ mode: 'speculative', latencyMs: 2000, threshold: 3, purpose: 'sweep' }),
    ];
    const report = buildReport(
      fakeOptions({ profiles: ['paper-a6000'], sweepModes: ['speculative'] }),
      FACTS,
      turns,
      undefined,
    );
    const sweep = report.profiles[0]?.sweep.map((summary) => [summary.threshold, summary.speedup]);
    expect(sweep).toEqual([
      [3, 4.5],
      [7, 3],
    ]);
  });

  it("judges the paper's band, the efficiency floor and the footprint targets, met or not", () => {
    const turns = turnsOf('paper-a6000', { base: [10_000], speculative: [2_000] });
    const report = buildReport(
      fakeOptions({ profiles: ['paper-a6000'], modes: ['base', 'speculative'] }),
      FACTS,
      turns,
      fakeFootprint({ gapMs: 1, storageBytesPerStep: 5000, heapBytesPerStep: 10 }),
    );
    const met = Object.fromEntries(report.targets.map((target) => [target.target, target.met]));
    expect(met['paper-a6000: sequential speculative vs base inside 1.4–3.0×']).toBe(false);
    expect(met['paper-a6000: efficiency ≥ 0.95 (sequential speculative)']).toBe(true);
    expect(met['Worker overhead ≤ 2 ms per step (median), between model calls']).toBe(true);
    expect(met['Durable Object storage ≤ 4 KB per step']).toBe(false);
    expect(met['Durable Object memory does not grow with the number of steps']).toBe(true);
    // The fake floor's adapter loop costs 0.4 ms (streamed) and 0.2 ms (whole) over the bare one.
    const adapter = report.targets.find((target) => target.target.startsWith('Adapter overhead'));
    expect([adapter?.met, adapter?.value]).toEqual([true, '0.40 ms']);
  });

  it('reports no efficiency against real endpoints, and says why', () => {
    const turns = turnsOf('real', { base: [10_000], speculative: [5_000] });
    const real = {
      baseUrl: 'https://gpu.example/v1',
      baseModel: 'Qwen/QwQ-32B',
      baseApiKey: 'secret',
      draftUrl: 'https://draft.example/v1',
      draftModel: 'r1',
      draftApiKey: undefined,
      apiMode: 'chat',
    };
    const report = buildReport(
      fakeOptions({ profiles: ['real'], modes: ['base', 'speculative'], real }),
      FACTS,
      turns,
      undefined,
    );
    expect(report.profiles[0]?.compare[1]?.efficiency).toEqual({});
    expect(report.targets.at(-1)).toMatchObject({ target: 'efficiency', met: undefined });
    expect(JSON.stringify(report)).not.toContain('secret');
  });
});
