/**
 * A problem with as many reasoning steps as asked for, in the simulator's word-problem language
 * (one operation per sentence, so the simulated models reason one step per sentence): crates
 * arrive and are given away in turn, so the count stays small however long the chain. For the
 * long turn whose Worker memory the benchmark samples. Pure.
 */
import type { EvalProblem } from '../eval/datasets/problem.ts';

export function longProblem(operations: number): EvalProblem {
  const sentences = ['Diego has 40 crates.'];
  let count = 40;
  for (let index = 0; index < operations; index += 1) {
    if (index % 2 === 0) {
      sentences.push('Then 7 more crates arrive.');
      count += 7;
    } else {
      sentences.push('Later, 5 of the crates are given away.');
      count -= 5;
    }
  }
  sentences.push('How many crates are there at the end?');
  return {
    dataset: 'long',
    id: `long-${operations}`,
    kind: 'math',
    question: sentences.join(' '),
    answer: String(count),
  };
}
