import { describe, expect, it } from 'vitest';
import type { OutputToken } from './generation.ts';
import { planOutput } from './output-plan.ts';
import { END_OF_MESSAGE, tokenId } from './tokenizer.ts';

function tokens(...texts: string[]): OutputToken[] {
  const body = texts.map((text) => ({
    token: { id: tokenId(text), text },
    isEnd: false,
    logprobs: () => ({ sampled: { text, logprob: -0.1 }, ranked: [] }),
  }));
  return [
    ...body,
    {
      token: END_OF_MESSAGE,
      isEnd: true,
      logprobs: () => ({ sampled: { text: END_OF_MESSAGE.text, logprob: -0.1 }, ranked: [] }),
    },
  ];
}

const deltas = (output: ReturnType<typeof planOutput>) => output.steps.map((step) => step.delta);

describe('stop strings', () => {
  it('cuts the text before the stop string and still counts the token that completed it', () => {
    const output = planOutput(tokens('So', ' 168', '.\n\n', 'Next'), 100, ['\n\n'], false);
    expect(output.text).toBe('So 168.');
    expect(output.steps).toHaveLength(3);
    expect(output.finishReason).toBe('stop');
    expect(output.stopReason).toBe('\n\n');
  });

  it('holds streamed text back by len(stop) - 1 characters and flushes it at the finish', () => {
    const output = planOutput(tokens('Then', ' the', ' end', '\n\n'), 100, ['\n\n'], false);
    expect(deltas(output)).toEqual(['The', 'n th', 'e en', 'd']);
    expect(deltas(output).join('')).toBe(output.text);
  });

  it('keeps the stop string with include_stop_str_in_output and holds nothing back', () => {
    const output = planOutput(tokens('a', '\n\n', 'b'), 100, ['\n\n'], true);
    expect(output.text).toBe('a\n\n');
    expect(deltas(output)).toEqual(['a', '\n\n']);
  });

  it('finds a stop string that spans two tokens', () => {
    const output = planOutput(tokens('x', '\n', '\nmore'), 100, ['\n\n'], false);
    expect(output.text).toBe('x');
    expect(output.steps).toHaveLength(3);
  });

  it('uses the first matching stop string in request order', () => {
    const output = planOutput(tokens('one', ' two', ' three'), 100, ['three', 'two'], false);
    expect(output.stopReason).toBe('two');
    expect(output.text).toBe('one ');
  });
});

describe('finish reasons', () => {
  it('ends with stop and a null stop_reason at the end of the message, counting the end token', () => {
    const output = planOutput(tokens('hi', '!'), 100, [], false);
    expect(output).toMatchObject({ text: 'hi!', finishReason: 'stop', stopReason: null });
    expect(output.steps).toHaveLength(3);
  });

  it('ends with length when max_tokens is reached, even on the end token', () => {
    expect(planOutput(tokens('a', 'b', 'c'), 2, [], false)).toMatchObject({
      text: 'ab',
      finishReason: 'length',
    });
    expect(planOutput(tokens('a'), 2, [], false)).toMatchObject({
      finishReason: 'length',
      stopReason: null,
    });
  });

  it('prefers a stop string over the length cap on the same token', () => {
    expect(planOutput(tokens('a', '\n\n'), 2, ['\n\n'], false)).toMatchObject({
      finishReason: 'stop',
      stopReason: '\n\n',
    });
  });
});
