import { describe, expect, it } from 'vitest';
import type { JudgeResult, TokenLogprob } from '../../src/core/ports.ts';
import {
  averageScore,
  greedyScore,
  isAccepted,
  numberOf,
  referenceAverageScore,
  referenceGreedyScore,
  scoreJudgeResult,
} from '../../src/core/scoring.ts';
import { runMachine } from './machine-harness.ts';
import { scripted, turnState } from './script.ts';

const ANSWER = ['</think>\n\nThe answer is ', '\\boxed{5}.'];

function reply(
  token: string | undefined,
  alternatives: Array<[string, number]> | undefined,
): JudgeResult {
  const topLogprobs: TokenLogprob[] | undefined = alternatives?.map(([alternative, logprob]) => ({
    token: alternative,
    logprob,
  }));
  return {
    token,
    topLogprobs,
    usage: { promptTokens: 70, completionTokens: 1, cachedPromptTokens: 0 },
  };
}

describe('greedy scoring', () => {
  it('reads the sampled digit', () => {
    expect(
      greedyScore(
        reply('8', [
          ['8', -0.1],
          ['9', -2],
        ]),
      ),
    ).toBe(8);
  });

  it('scores a non-digit token as 0, as the reference does', () => {
    expect(
      greedyScore(
        reply('The', [
          ['The', -0.2],
          ['9', -2],
        ]),
      ),
    ).toBe(0);
  });

  it('skips a whitespace token left by a template that trimmed the prefix', () => {
    expect(
      greedyScore(
        reply(' ', [
          [' ', -0.05],
          ['7', -3.1],
          ['6', -4],
        ]),
      ),
    ).toBe(7);
  });

  it('reads a digit token that carries surrounding whitespace or trailing punctuation', () => {
    expect(greedyScore(reply(' 9', [[' 9', -0.1]]))).toBe(9);
    expect(greedyScore(reply('6.', [['6.', -0.1]]))).toBe(6);
  });

  it('reads a multi-digit token as its value, as the reference does (not as its first digit)', () => {
    expect(numberOf('10')).toBe(10);
    expect(greedyScore(reply('10', [['10', -0.1]]))).toBe(10);
    expect(isAccepted(greedyScore(reply('10', [['10', -0.1]])), 9)).toBe(true);
  });

  it('falls back to the most likely listed alternative when the sampled token is missing', () => {
    expect(
      greedyScore(
        reply(undefined, [
          ['4', -2],
          ['5', -0.5],
        ]),
      ),
    ).toBe(5);
    expect(greedyScore(reply(undefined, undefined))).toBeUndefined();
  });
});

describe('average scoring', () => {
  it('weights each digit by its probability, renormalised over the digits', () => {
    const score = averageScore(
      reply('9', [
        ['9', Math.log(0.6)],
        ['5', Math.log(0.2)],
        ['a', Math.log(0.2)],
      ]),
    );
    expect(score).toBeCloseTo((9 * 0.6 + 5 * 0.2) / 0.8, 10);
  });

  it('merges the same digit listed with and without a leading space', () => {
    const score = averageScore(
      reply('7', [
        ['7', Math.log(0.3)],
        [' 7', Math.log(0.3)],
        ['1', Math.log(0.4)],
      ]),
    );
    expect(score).toBeCloseTo(7 * 0.6 + 1 * 0.4, 10);
  });

  it('ignores impossible alternatives clamped to -9999', () => {
    expect(
      averageScore(
        reply('8', [
          ['8', -0.01],
          ['0', -9999],
        ]),
      ),
    ).toBeCloseTo(8, 3);
  });

  it('skips an alternative whose logprob is not a number instead of scoring NaN', () => {
    expect(
      averageScore(
        reply('6', [
          ['6', Math.log(0.5)],
          ['2', Number.NaN],
          ['4', Number.POSITIVE_INFINITY],
        ]),
      ),
    ).toBeCloseTo(6, 10);
  });

  it('scores 0 a reply whose alternatives hold no digit, so threshold 0 accepts it as in the reference', () => {
    const noDigit = reply('x', [
      ['x', -0.1],
      [' ', -1],
    ]);
    expect(averageScore(noDigit)).toBe(0);
    expect(isAccepted(scoreJudgeResult(noDigit, 'average'), 0)).toBe(true);
    expect(isAccepted(scoreJudgeResult(noDigit, 'average'), 1)).toBe(false);
  });

  it('cannot score a reply that carries no logprobs at all', () => {
    expect(averageScore(reply('9', undefined))).toBeUndefined();
  });
});

describe('the accept rule', () => {
  it('accepts at or above the threshold and never an unscorable reply', () => {
    expect(isAccepted(7, 7)).toBe(true);
    expect(isAccepted(6.99, 7)).toBe(false);
    expect(isAccepted(undefined, 0)).toBe(false);
  });
});

describe('the reference semantics', () => {
  it('greedy reads only the raw sampled token: a spaced digit or a space scores 0', () => {
    expect(referenceGreedyScore(reply(' 7', [[' 7', -0.1]]))).toBe(0);
    expect(
      referenceGreedyScore(
        reply(' ', [
          [' ', -0.05],
          ['7', -3],
        ]),
      ),
    ).toBe(0);
    expect(referenceGreedyScore(reply('10', [['10', -0.1]]))).toBe(10);
    expect(referenceGreedyScore(reply('6.', [['6.', -0.1]]))).toBe(0);
    expect(referenceGreedyScore(reply(undefined, [['7', -0.1]]))).toBeUndefined();
  });

  it('average counts raw digit tokens only and keeps the last of a repeated token', () => {
    const score = referenceAverageScore(
      reply('7', [
        ['7', Math.log(0.3)],
        [' 7', Math.log(0.3)],
        ['1', Math.log(0.2)],
        ['1', Math.log(0.1)],
      ]),
    );
    expect(score).toBeCloseTo((7 * 0.3 + 1 * 0.1) / 0.4, 10);
    expect(referenceAverageScore(reply('x', [['x', -0.1]]))).toBe(0);
  });

  it('is what the scorer applies when the turn runs in reference semantics', () => {
    const spaced = reply(' 8', [[' 8', -0.1]]);
    expect(scoreJudgeResult(spaced, 'greedy', 'reference')).toBe(0);
    expect(scoreJudgeResult(spaced, 'greedy', 'product')).toBe(8);
    expect(scoreJudgeResult(spaced, 'average', 'reference')).toBe(0);
    expect(scoreJudgeResult(spaced, 'average', 'product')).toBe(8);
  });
});

describe('scoring inside a turn', () => {
  it('keeps a draft whose judge wrote " 8" in product semantics and rewrites it in reference semantics', () => {
    const play = (semantics: 'product' | 'reference') =>
      runMachine(
        turnState({ semantics, threshold: 7 }),
        scripted({ draft: ['\\boxed{5}'], judge: [' 8'], base: ['\\boxed{5}'], streams: [ANSWER] }),
      ).state.steps.map((step) => [step.decision, step.score]);
    expect(play('product')).toEqual([['accepted', 8]]);
    expect(play('reference')).toEqual([['regenerated', 0]]);
  });
});
