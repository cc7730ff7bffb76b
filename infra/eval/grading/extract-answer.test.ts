import { describe, expect, it } from 'vitest';
import {
  extractAnswerLine,
  extractChoiceLetter,
  extractLastBoxed,
  extractMathAnswer,
} from './extract-answer.ts';

describe('boxed answer extraction', () => {
  it.each([
    [
      'keeps nested braces inside the box',
      'So $\\boxed{\\frac{\\sqrt{3}}{2}}$.',
      '\\frac{\\sqrt{3}}{2}',
    ],
    [
      'takes the last box when the text has several',
      'First \\boxed{1}, then corrected: \\boxed{2}',
      '2',
    ],
    ['reads \\fbox like \\boxed', 'The result is \\fbox{42}', '42'],
    ['reads a box whose argument has no braces', 'hence $\\boxed 5$', '5'],
    [
      'skips a box cut off by the token budget and falls back to the earlier one',
      '\\boxed{7} and then \\boxed{\\frac{1}{',
      '7',
    ],
    ['does not count escaped braces as nesting', '\\boxed{\\{1, 2\\}}', '\\{1, 2\\}'],
    ['finds nothing in text without a box', 'no answer here', undefined],
  ] as const)('%s', (_behaviour, text, boxed) => {
    expect(extractLastBoxed(text)).toBe(boxed);
  });
});

describe('answer lines', () => {
  it('reads the last Answer: line without emphasis, dollars or the final period', () => {
    expect(extractAnswerLine('Answer: 3\nmore work\n**Final Answer:** $\\frac{1}{2}$.')).toBe(
      '\\frac{1}{2}',
    );
  });

  it('reads an upper-case ANSWER: line', () => {
    expect(extractAnswerLine('ANSWER: 17')).toBe('17');
  });

  it('prefers a box over an answer line, and an answer line over "the answer is"', () => {
    expect(extractMathAnswer('The answer is 4.\nAnswer: 5\n\\boxed{6}')).toBe('6');
    expect(extractMathAnswer('The answer is 4.\nAnswer: 5')).toBe('5');
    expect(extractMathAnswer('so the answer is $3.5$.')).toBe('3.5');
  });
});

describe('option letters', () => {
  it.each([
    ['\\boxed{B}', 'B'],
    ['\\boxed{(C)}', 'C'],
    ['\\boxed{\\text{D}}', 'D'],
    ['\\boxed{A) 3.2 eV}', 'A'],
    ['Answer: (B)', 'B'],
    ['Answer: C', 'C'],
    ['**Answer:** D) the second one', 'D'],
    ['After weighing both, the answer is B.', 'B'],
    ['The correct option is (A).', 'A'],
    ['Reasoning...\n\n(C)', 'C'],
    ['Reasoning...\n\nC)', 'C'],
    ['Reasoning...\n\nSo we pick (D) since it fits.', 'D'],
  ] as const)('reads %j as option %s', (text, letter) => {
    expect(extractChoiceLetter(text)).toBe(letter);
  });

  it.each([
    ['the answer is a bit unclear'],
    ['Either (A) or (B) could hold.'],
    ['\\boxed{E}'],
    ['no letter at all'],
  ])('finds no option in %j', (text) => {
    expect(extractChoiceLetter(text)).toBeUndefined();
  });
});
