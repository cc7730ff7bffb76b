/**
 * Problems for the harness's and the benchmark's tests: one of each kind, shaped as the
 * MATH-500 and GPQA-Diamond loaders produce them.
 */
import type { EvalProblem } from '../datasets/problem.ts';

export const MATH_PROBLEM: EvalProblem = {
  dataset: 'math500',
  id: 'test/algebra/1.json',
  kind: 'math',
  question: 'Compute 1/2 + 1/4.',
  answer: '\\frac{3}{4}',
};

export const CHOICE_PROBLEM: EvalProblem = {
  dataset: 'gpqa-diamond',
  id: 'rec1',
  kind: 'multiple-choice',
  question: 'Which gas is noble?',
  answer: 'C',
  choices: { A: 'Nitrogen', B: 'Oxygen', C: 'Argon', D: 'Hydrogen' },
};
