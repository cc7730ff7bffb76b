import { describe, expect, it } from 'vitest';
import { sampleResult } from '../testing/sample-results.ts';
import { aggregate } from './aggregate.ts';

const usage = (accepted: number, regenerated: number) => ({
  stepsProposed: accepted + regenerated,
  stepsAccepted: accepted,
  stepsRegenerated: regenerated,
  stepsBase: 0,
  draftTokens: 100 * (accepted + regenerated),
  baseTokens: 50 * regenerated,
  judgePrefillTokens: 70 * (accepted + regenerated),
  judgeCalls: accepted + regenerated,
  costUsd: 0.01,
});

const RESULTS = [
  // base: p1 right twice, p2 right once of two → (1 + 0.5) / 2 = 75%
  sampleResult({ problemId: 'p1', sample: 0, latencyMs: 1000 }),
  sampleResult({ problemId: 'p1', sample: 1, latencyMs: 2000 }),
  sampleResult({ problemId: 'p2', sample: 0, latencyMs: 3000 }),
  sampleResult({ problemId: 'p2', sample: 1, latencyMs: 4000, isCorrect: false }),
  // speculative t7: p1 right in its one answered sample (the other failed), p2 wrong twice
  ...[
    { problemId: 'p1', sample: 0, latencyMs: 500, usage: usage(6, 4) },
    { problemId: 'p2', sample: 0, latencyMs: 1500, isCorrect: false, usage: usage(3, 1) },
    { problemId: 'p2', sample: 1, latencyMs: 1750, isCorrect: false, usage: usage(1, 5) },
  ].map((fields) => sampleResult({ mode: 'speculative', threshold: 7, ...fields })),
  sampleResult({
    mode: 'speculative',
    threshold: 7,
    problemId: 'p1',
    sample: 1,
    status: 'failed',
    isCorrect: null,
    latencyMs: null,
    usage: null,
  }),
];

describe('aggregating results', () => {
  const [base, speculative] = aggregate(RESULTS);

  it('averages pass@1 over the samples of each problem, then over problems', () => {
    expect(base?.accuracy).toBeCloseTo(0.75, 10);
    // Per problem 1 and 0: 50%, not the 1 in 3 of a plain mean over samples.
    expect(speculative?.accuracy).toBeCloseTo(0.5, 10);
    expect(speculative?.accuracyChangeVsBase).toBeCloseTo(-0.25, 10);
  });

  it('counts failures apart and leaves them out of accuracy and latency', () => {
    expect(speculative).toMatchObject({ problems: 2, samples: 3, failed: 1 });
  });

  it('computes mean, p50 and p90 latency and the speedup over base', () => {
    expect(base?.latency).toEqual({ meanMs: 2500, p50Ms: 2500, p90Ms: 3700 });
    expect(speculative?.latency?.meanMs).toBeCloseTo(1250, 10);
    expect(speculative?.speedupVsBase).toBeCloseTo(2, 10);
  });

  it('computes the accept rate, the small-model share and the tokens by origin', () => {
    expect(speculative?.acceptRate).toBeCloseTo(10 / 20, 10);
    expect(speculative?.smallModelStepShare).toBeCloseTo(10 / 20, 10);
    expect(speculative?.tokens).toEqual({ draft: 2000 / 3, base: 500 / 3, judgePrefill: 1400 / 3 });
    expect(speculative?.judgeCallsMean).toBeCloseTo(20 / 3, 10);
    expect(base?.acceptRate).toBeUndefined();
  });

  it('orders rows by dataset as they appear, then base, speculative by threshold, draft', () => {
    const rows = aggregate([
      sampleResult({ dataset: 'aime2024', mode: 'draft' }),
      sampleResult({ dataset: 'aime2024', mode: 'speculative', threshold: 9 }),
      sampleResult({ dataset: 'gpqa-diamond', mode: 'base' }),
      sampleResult({ dataset: 'aime2024', mode: 'speculative', threshold: 3 }),
      sampleResult({ dataset: 'aime2024', mode: 'base' }),
    ]);
    expect(rows.map((row) => `${row.dataset} ${row.label}`)).toEqual([
      'aime2024 base',
      'aime2024 speculative t3',
      'aime2024 speculative t9',
      'aime2024 draft',
      'gpqa-diamond base',
    ]);
  });
});

describe('accuracy without the answer phase', () => {
  it('is pass@1 over the samples that recorded it, apart from the accuracy with the answer phase', () => {
    const [cell] = aggregate([
      sampleResult({ problemId: 'p1', sample: 0, isCorrectWithoutAnswerPhase: false }),
      sampleResult({ problemId: 'p1', sample: 1, isCorrectWithoutAnswerPhase: true }),
      sampleResult({ problemId: 'p2', sample: 0, isCorrectWithoutAnswerPhase: false }),
    ]);
    expect(cell?.accuracy).toBe(1);
    expect(cell?.accuracyWithoutAnswerPhase).toBe(0.25);
  });

  it('is unknown for results written before it was recorded', () => {
    expect(aggregate([sampleResult({})])[0]?.accuracyWithoutAnswerPhase).toBeUndefined();
  });
});
