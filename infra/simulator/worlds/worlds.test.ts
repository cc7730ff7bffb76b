import { describe, expect, it } from 'vitest';
import { renderProblem } from '../../../src/core/prompts.ts';
import { generateWorld, type WorldItem } from './catalog.ts';
import { planExpression } from './expressions.ts';
import { formatValue, planAnswer } from './plan.ts';
import { findProblem } from './problem-finder.ts';

function asProblem(item: WorldItem) {
  return 'problem' in item
    ? { template: 'math' as const, text: item.problem }
    : { template: 'multiple-choice' as const, text: item.question, choices: item.choices };
}

describe('problem worlds', () => {
  it.each(['math', 'aime', 'gpqa'])(
    '%s: every problem, as the templates render it, is read back with its answer',
    (world) => {
      for (const item of generateWorld(world, 25, 3) ?? []) {
        const found = findProblem([{ role: 'user', content: renderProblem(asProblem(item)) }]);
        expect(found.plan, item.id).toBeDefined();
        const answer = planAnswer(found.plan!);
        if ('problem' in item) expect(formatValue(answer)).toBe(item.answer);
        else expect(item.choices[item.answer]).toBe(formatValue(answer));
      }
    },
  );

  it('writes the same items for the same seed and different ones for another seed', () => {
    expect(generateWorld('math', 5, 7)).toEqual(generateWorld('math', 5, 7));
    expect(generateWorld('math', 5, 7)).not.toEqual(generateWorld('math', 5, 8));
  });

  it('gives multiple-choice items four distinct options with the answer among them', () => {
    for (const item of generateWorld('gpqa', 20, 1) ?? []) {
      if (!('choices' in item)) throw new Error('expected a multiple-choice item');
      expect(new Set(Object.values(item.choices)).size).toBe(4);
      expect(['A', 'B', 'C', 'D']).toContain(item.answer);
    }
  });

  it('makes aime problems longer and harder than math problems', () => {
    const difficulty = (world: string) => {
      const plans = (generateWorld(world, 20, 2) ?? []).map(
        (item) => findProblem([{ role: 'user', content: renderProblem(asProblem(item)) }]).plan!,
      );
      return plans.reduce((sum, plan) => sum + plan.difficulty, 0) / plans.length;
    };
    expect(difficulty('aime')).toBeGreaterThan(difficulty('math') + 0.2);
  });

  it('knows the aliases arithmetic and multiple-choice, and no other names', () => {
    expect(generateWorld('arithmetic', 1, 0)).toEqual(generateWorld('math', 1, 0));
    expect(generateWorld('multiple-choice', 1, 0)).toEqual(generateWorld('gpqa', 1, 0));
    expect(generateWorld('chess', 1, 0)).toBeUndefined();
  });
});

describe('plain arithmetic questions', () => {
  it('plans one step per operation with the usual precedence', () => {
    const plan = planExpression('what is 17*23+4?');
    expect(plan?.steps.map((step) => step.operation)).toEqual(['×', '+']);
    expect(planAnswer({ ...plan!, finalStyle: 'boxed', difficulty: 0 })).toBe(395);
  });

  it('honours parentheses and words for operations', () => {
    const plan = planExpression('Compute (12 plus 8) times 3 divided by 4, please.');
    expect(planAnswer({ ...plan!, finalStyle: 'boxed', difficulty: 0 })).toBe(15);
  });

  it('finds nothing to compute in an open question', () => {
    expect(planExpression('Why is the sky blue?')).toBeUndefined();
  });
});
