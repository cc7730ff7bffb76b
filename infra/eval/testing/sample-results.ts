/**
 * Builds sample results for report tests: every field present, overridden per case.
 */
import type { SampleResult } from '../run/results-file.ts';

export function sampleResult(overrides: Partial<SampleResult>): SampleResult {
  const base: SampleResult = {
    key: '',
    dataset: 'math500',
    problemId: 'p1',
    mode: 'base',
    threshold: null,
    scoreMethod: 'greedy',
    firstNBaseSteps: 0,
    tokenBudget: 8192,
    sample: 0,
    seed: 1,
    status: 'ok',
    isCorrect: true,
    extracted: '1',
    expected: '1',
    foundIn: 'content',
    latencyMs: 1000,
    serverElapsedMs: 900,
    attempts: 1,
    usage: null,
    finishReason: 'stop',
    conversationId: 'c',
    error: null,
    content: '\\boxed{1}',
    lastStep: '',
    finishedAt: '2025-01-01T00:00:00.000Z',
  };
  const result = { ...base, ...overrides };
  if (overrides.key === undefined) {
    result.key = [
      result.dataset,
      result.problemId,
      result.mode,
      result.threshold,
      result.sample,
    ].join('|');
  }
  return result;
}
