import { describe, expect, it } from 'vitest';
import { CHOICE_PROBLEM as CHOICE, MATH_PROBLEM as MATH } from '../eval/testing/sample-problems.ts';
import { turnRequestBody } from './turn-request.ts';

describe('the request of one benchmark turn', () => {
  it('asks the pipelining variants as speculative turns with their pipeline and threshold', () => {
    const body = turnRequestBody({ problem: MATH, mode: 'hedged', threshold: 9, seed: 3 });
    expect(body).toMatchObject({
      model: 'specreason',
      stream: false,
      messages: [{ role: 'user', content: 'Compute 1/2 + 1/4.' }],
      specreason: {
        mode: 'speculative',
        pipeline: 'hedged',
        threshold: 9,
        seed: 3,
        prompt_template: 'math',
      },
    });
    const sequential = turnRequestBody({
      problem: MATH,
      mode: 'speculative',
      threshold: 7,
      seed: 3,
    });
    expect(sequential.specreason).toMatchObject({ pipeline: 'off' });
  });

  it('sends single-model turns without speculative knobs, and multiple choice with its options', () => {
    const body = turnRequestBody({ problem: CHOICE, mode: 'base', threshold: 7, seed: 1 });
    expect(body.specreason).toEqual({
      mode: 'base',
      prompt_template: 'multiple-choice',
      seed: 1,
      choices: { A: 'Nitrogen', B: 'Oxygen', C: 'Argon', D: 'Hydrogen' },
    });
  });
});
