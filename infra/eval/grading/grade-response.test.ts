import { describe, expect, it } from 'vitest';
import { CHOICE_PROBLEM as CHOICE, MATH_PROBLEM as MATH } from '../testing/sample-problems.ts';
import { gradeReasoningOnly, gradeResponse } from './grade-response.ts';

describe('grading a response', () => {
  it('grades the final content when it holds an answer', () => {
    const grade = gradeResponse(MATH, { content: 'So \\boxed{0.75}.', reasoning: '\\boxed{1}' });
    expect(grade).toEqual({ extracted: '0.75', isCorrect: true, foundIn: 'content' });
  });

  it("falls back to the reasoning's last step when the content has no answer", () => {
    const reasoning = 'Add the fractions.\n\n1/2 + 1/4 = 3/4, so \\boxed{\\frac34}';
    const grade = gradeResponse(MATH, { content: 'Done.', reasoning });
    expect(grade).toEqual({ extracted: '\\frac34', isCorrect: true, foundIn: 'reasoning' });
  });

  it('marks a wrong answer as incorrect and keeps what it found', () => {
    const grade = gradeResponse(MATH, { content: 'Answer: 2/3', reasoning: '' });
    expect(grade).toEqual({ extracted: '2/3', isCorrect: false, foundIn: 'content' });
  });

  it('marks a response without any answer as incorrect', () => {
    const grade = gradeResponse(MATH, { content: '', reasoning: 'Still thinking' });
    expect(grade).toEqual({ extracted: undefined, isCorrect: false, foundIn: 'none' });
  });

  it('grades a multiple-choice response by its letter', () => {
    expect(gradeResponse(CHOICE, { content: '\\boxed{C}', reasoning: '' }).isCorrect).toBe(true);
    expect(gradeResponse(CHOICE, { content: '\\boxed{A}', reasoning: '' }).isCorrect).toBe(false);
  });

  it('maps a boxed option text to its letter', () => {
    const grade = gradeResponse(CHOICE, { content: '\\boxed{\\text{Argon}}', reasoning: '' });
    expect(grade).toEqual({ extracted: 'C', isCorrect: true, foundIn: 'content' });
  });
});

describe('grading without the answer phase, as the reference', () => {
  it('reads the last answer stated in the kept steps and ignores the content', () => {
    const reasoning =
      'Maybe \\boxed{1}.\n\n1/2 + 1/4 = 3/4, so \\boxed{\\frac34}.\n\nLet me double-check.';
    const grade = gradeReasoningOnly(MATH, reasoning);
    expect(grade).toEqual({ extracted: '\\frac34', isCorrect: true, foundIn: 'reasoning' });
    expect(gradeResponse(MATH, { content: 'So \\boxed{2}.', reasoning }).isCorrect).toBe(false);
  });

  it('marks a trace cut by the budget before any answer as incorrect, whatever the content says', () => {
    const grade = gradeReasoningOnly(MATH, 'Add the fractions.\n\n1/2 + 1/4 =');
    expect(grade).toEqual({ extracted: undefined, isCorrect: false, foundIn: 'none' });
  });
});
