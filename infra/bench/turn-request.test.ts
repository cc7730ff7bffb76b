import { describe, expect, it } from 'vitest';
import type { EvalProblem } from '../eval/datasets/problem.ts';
import { turnRequestBody } from './turn-request.ts';

const MATH: EvalProblem = {
  dataset: 'sim:math',
  id: 'm',
  kind: 'math',
  question: 'What is 2+3?',
  answer: '5',
};
const CHOICE: EvalProblem = {
  dataset: 'sim:gpqa',
  id: 'g',
  kind: 'multiple-choice',
  question: 'Which?',
  answer: 'B',
  choices: { A: '1', B: '2', C: '3', D: '4' },
};

describe('the request of one benchmark turn', () => {
  it('asks the pipelining variants as speculative turns with their pipeline and threshold', () => {
    const body = turnRequestBody({ problem: MATH, mode: 'hedged', threshold: 9, seed: 3 });
    expect(body).toMatchObject({
      model: 'specreason',
      stream: false,
      messages: [{ role: 'user', content: 'What is 2+3?' }],
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
      choices: { A: '1', B: '2', C: '3', D: '4' },
    });
  });
});
