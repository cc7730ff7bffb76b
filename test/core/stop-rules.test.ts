import { describe, expect, it } from 'vitest';
import {
  cleanStep,
  hasAnswer,
  isRepeatedStep,
  thinkingStopReason,
} from '../../src/core/stop-rules.ts';

describe('stop rules', () => {
  it.each(['so \\boxed{12}', 'Answer: 12', 'ANSWER: C'])(
    'ends thinking on a step holding the answer: %s',
    (step) => {
      expect(hasAnswer(step)).toBe(true);
    },
  );

  it('does not end thinking on an answer-like word in lower case', () => {
    expect(hasAnswer('the answer: maybe 12')).toBe(false);
  });

  it('checks repetition only once more than two steps exist', () => {
    expect(isRepeatedStep(['a', 'a'])).toBe(false);
    expect(isRepeatedStep(['x', 'a', 'a'])).toBe(true);
    expect(isRepeatedStep(['a', 'a', 'b'])).toBe(false);
  });

  it('removes every stray </think> from a step', () => {
    expect(cleanStep('a</think>b</think>')).toBe('ab');
    expect(cleanStep('plain')).toBe('plain');
  });

  it('names the first rule that applies, the answer before the budget', () => {
    const base = { keptTokens: 0, tokenBudget: 100, maxSteps: 10 };
    expect(thinkingStopReason({ ...base, steps: ['\\boxed{1}'], keptTokens: 200 })).toBe('answer');
    expect(thinkingStopReason({ ...base, steps: ['a'], keptTokens: 100 })).toBe('budget');
    expect(thinkingStopReason({ ...base, steps: ['a', 'b', 'b'] })).toBe('repeated-step');
    expect(
      thinkingStopReason({ ...base, steps: Array.from({ length: 10 }, (_, i) => `s${i}`) }),
    ).toBe('max-steps');
    expect(thinkingStopReason({ ...base, steps: ['a', 'b'] })).toBeUndefined();
  });
});
