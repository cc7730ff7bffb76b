import { describe, expect, it } from 'vitest';
import { countTokens, tokenize } from './tokenizer.ts';

const texts = (text: string) => tokenize(text).map((token) => token.text);

describe('tokenizer', () => {
  it('splits digits one per token and keeps the space before a digit apart, as Qwen does', () => {
    expect(texts('score is: 17')).toEqual(['score', ' is', ':', ' ', '1', '7']);
  });

  it('keeps a blank line, and punctuation followed by a blank line, as one token', () => {
    expect(texts('done.\n\nNext')).toEqual(['done', '.\n\n', 'Next']);
    expect(texts('a\n\nb')).toEqual(['a', '\n\n', 'b']);
  });

  it('keeps chat markers and think tags whole with their Qwen ids', () => {
    const tokens = tokenize('<|im_start|>assistant\n<think>x</think>');
    expect(tokens[0]).toEqual({ id: 151644, text: '<|im_start|>' });
    expect(tokens.find((token) => token.text === '<think>')?.id).toBe(151667);
    expect(tokens.find((token) => token.text === '</think>')?.id).toBe(151668);
  });

  it('gives digits Qwen ids 15 to 24', () => {
    expect(tokenize('0 9').map((token) => token.id)).toEqual([15, 220, 24]);
  });

  it('concatenates back to the original text', () => {
    const text =
      'Wait, that is not right: 880 - 41 = 839, not 838.\n\n<|im_end|>\nÜber-naïve façade!';
    expect(texts(text).join('')).toBe(text);
  });

  it('averages about four characters per token on English prose', () => {
    const prose =
      'The committee reviewed the proposal carefully and decided that the new schedule would start next ' +
      'month, after everyone had a chance to read the details and raise any concerns with the organisers.';
    const ratio = prose.length / countTokens(prose);
    expect(ratio).toBeGreaterThan(3.5);
    expect(ratio).toBeLessThan(5.5);
  });

  it('gives the same ids to the same text every time', () => {
    expect(tokenize('deterministic tokens')).toEqual(tokenize('deterministic tokens'));
  });
});
