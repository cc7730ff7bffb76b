/**
 * Recorded turns made up for the report's tests: a turn of any mode with the latency, ideal
 * latency, steps and outcome a test names, and a footprint with chosen figures.
 */
import type { BenchOptions } from './options.ts';
import { parseBenchOptions } from './options.ts';
import type { TurnResult } from './run-profile.ts';
import type { WorkerFootprint } from './worker-footprint.ts';

export function fakeTurn(
  fields: Partial<TurnResult> & { latencyMs?: number; idealMs?: number },
): TurnResult {
  const { latencyMs = 1000, idealMs = 950, ...rest } = fields;
  return {
    ok: true,
    error: undefined,
    wallMs: latencyMs / 10,
    timeline: {
      latencyMs,
      idealMs,
      overheadMs: latencyMs - idealMs,
      startGapMs: 10,
      tailGapMs: 5,
      callGapsMs: [2, 3],
    },
    keptSteps: 5,
    keptTokens: { draft: 60, base: 40 },
    usage: {
      steps_accepted: 3,
      steps_regenerated: 2,
      draft_tokens: 80,
      base_tokens: 40,
      answer_tokens: 9,
    },
    correct: true,
    extracted: '5',
    storage: { databaseBytes: 40_960, steps: 5 },
    calls: [
      {
        model: 'draft',
        kind: 'step',
        aborted: false,
        promptTokens: 200,
        cachedTokens: 176,
        outputTokens: 25,
        modelMs: 200,
        busyMs: 190,
      },
      {
        model: 'base',
        kind: 'judge',
        aborted: false,
        promptTokens: 300,
        cachedTokens: 208,
        outputTokens: 1,
        modelMs: 90,
        busyMs: 80,
      },
    ],
    profile: 'paper-a6000',
    timeScale: 0.1,
    purpose: 'compare',
    mode: 'speculative',
    threshold: 7,
    seed: 1,
    dataset: 'sim:math',
    problemId: 'math-1-0',
    ...rest,
  };
}

/** Quick options narrowed to what the fake turns hold. */
export function fakeOptions(overrides: Partial<BenchOptions> = {}): BenchOptions {
  return { ...parseBenchOptions(['--quick']), sweepThresholds: [3], seeds: [1], ...overrides };
}

export function fakeFootprint(fields: {
  gapMs: number;
  storageBytesPerStep: number;
  heapBytesPerStep: number;
}): WorkerFootprint {
  const timeline = {
    latencyMs: 2000,
    idealMs: 2000 - 10 * fields.gapMs - 20,
    overheadMs: 10 * fields.gapMs + 20,
    startGapMs: 12,
    tailGapMs: 8,
    callGapsMs: Array.from({ length: 10 }, () => fields.gapMs),
  };
  return {
    overhead: {
      profile: 'h100-measured',
      timeScale: 1,
      turns: [{ mode: 'speculative', keptSteps: 10, calls: 25, timeline }],
      workerdCpuMsPerStep: 12,
      floor: {
        streamedGapMs: 1.5,
        wholeGapMs: 2.5,
        adapter: { streamedGapMs: 1.9, wholeGapMs: 2.7 },
        calls: 10,
      },
    },
    storage: {
      points: [
        { steps: 10, bytes: 40_000 },
        { steps: 20, bytes: 40_000 + 10 * fields.storageBytesPerStep },
      ],
      bytesPerStep: fields.storageBytesPerStep,
      stepTextBytesPerStep: 90,
    },
    memory: [
      {
        steps: 40,
        stepTextBytes: 3600,
        heap: {
          before: 5_000_000,
          during: [10, 20, 30].map((steps) => ({
            steps,
            bytes: 6_000_000 + steps * fields.heapBytesPerStep,
          })),
          after: 5_010_000,
        },
        heapBytesPerStep: fields.heapBytesPerStep,
        resident: { before: 200_000_000, after: 210_000_000, peak: 212_000_000 },
      },
    ],
  };
}
