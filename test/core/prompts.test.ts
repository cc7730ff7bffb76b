import { describe, expect, it } from 'vitest';
import { shuffleChoices } from '../../src/core/choices.ts';
import {
  JUDGE_INSTRUCTION,
  problemMessages,
  renderProblem,
  stepMessages,
  thinkingPrefix,
} from '../../src/core/prompts.ts';

describe('prompts', () => {
  it('renders the reference math instructions around the problem', () => {
    const text = renderProblem({ template: 'math', text: 'Compute 1+1.' });
    expect(text).toContain('Solve the following math problem efficiently and clearly.');
    expect(text).toContain('separate logical reasoning steps with two newline characters (\n\n)');
    expect(text).toContain('put your final answer within \\boxed{}.');
    expect(text.endsWith('Problem: Compute 1+1.\n')).toBe(true);
  });

  it('renders the reference multiple-choice instructions with the options in order', () => {
    const text = renderProblem({
      template: 'multiple-choice',
      text: 'Pick one',
      choices: { A: 'w', B: 'x', C: 'y', D: 'z' },
    });
    expect(text).toContain('Put the final answer **strictly** in the format \\boxed{X}');
    expect(text).toContain('Problem: Pick one.\nChoices: \n(A) w\n(B) x\n(C) y\n(D) z\n');
  });

  it('refuses a multiple-choice problem without choices', () => {
    expect(() => renderProblem({ template: 'multiple-choice', text: 'q' })).toThrow(/choices/);
  });

  it('passes the question through untouched with the none template', () => {
    expect(renderProblem({ template: 'none', text: 'hi' })).toBe('hi');
  });

  it('puts earlier answers, not their reasoning, before the new question', () => {
    const messages = problemMessages(
      { template: 'none', text: 'and 3?' },
      [{ user: '1+1?', answer: '2' }],
      'Be brief.',
    );
    expect(messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: '1+1?' },
      { role: 'assistant', content: '2' },
      { role: 'user', content: 'and 3?' },
    ]);
  });

  it('continues the thinking with every step followed by a blank line', () => {
    expect(thinkingPrefix(['a', 'b'])).toBe('<think>a\n\nb\n\n');
    expect(stepMessages([{ role: 'user', content: 'q' }], [])).toEqual([
      { role: 'user', content: 'q' },
    ]);
  });

  it('keeps the judge instruction word for word', () => {
    expect(JUDGE_INSTRUCTION).toBe(
      'Evaluate the last reasoning step solely based on factual correctness and logical validity. Ignore style, phrasing, or overall usefulness—only judge whether the step is objectively correct and logically follows from prior steps. Assign a score from 0 to 9.',
    );
  });
});

describe('multiple-choice shuffling', () => {
  it('records where the correct option landed, the same way for the same seed', () => {
    const first = shuffleChoices('right', ['w1', 'w2', 'w3'], 7);
    expect(first.choices[first.answer]).toBe('right');
    expect(shuffleChoices('right', ['w1', 'w2', 'w3'], 7)).toEqual(first);
    expect(Object.values(first.choices).sort()).toEqual(['right', 'w1', 'w2', 'w3']);
  });

  it('does not always put the correct option first', () => {
    const letters = new Set(
      Array.from({ length: 40 }, (_, seed) => shuffleChoices('r', ['a', 'b', 'c'], seed).answer),
    );
    expect(letters.size).toBe(4);
  });
});
