import { describe, expect, it } from 'vitest';
import { planAnswer } from '../simulator/worlds/plan.ts';
import { parseWordProblem } from '../simulator/worlds/word-problems.ts';
import { longProblem } from './long-problem.ts';

describe('the long problem of the memory measurement', () => {
  it('is a word problem the simulator reads back with one step per operation and the same answer', () => {
    const problem = longProblem(120);
    const plan = parseWordProblem(problem.question);
    expect(plan?.steps).toHaveLength(120);
    const answer = planAnswer({
      ...(plan as NonNullable<typeof plan>),
      finalStyle: 'boxed',
      difficulty: 0,
    });
    expect(String(answer)).toBe(problem.answer);
  });
});
