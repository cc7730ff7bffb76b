import { describe, expect, it } from 'vitest';
import type { JudgeResult, TokenLogprob } from '../../src/core/ports.ts';
import { averageScore, digitOf, greedyScore, isAccepted } from '../../src/core/scoring.ts';

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

  it('does not read a multi-digit token as its first digit', () => {
    expect(digitOf('10')).toBeUndefined();
    expect(greedyScore(reply('10', [['10', -0.1]]))).toBe(0);
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

  it('cannot score a reply with no digit or no logprobs', () => {
    expect(
      averageScore(
        reply('x', [
          ['x', -0.1],
          [' ', -1],
        ]),
      ),
    ).toBeUndefined();
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
