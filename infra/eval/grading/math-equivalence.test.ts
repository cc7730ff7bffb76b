import { describe, expect, it } from 'vitest';
import { isEquivalent } from './math-equivalence.ts';

/** [model answer, reference answer] pairs that mean the same. */
const EQUIVALENT: ReadonlyArray<readonly [string, string]> = [
  // fractions and their shorthands
  ['\\frac{1}{2}', '0.5'],
  ['\\dfrac{1}{2}', '\\frac{1}{2}'],
  ['\\tfrac{3}{4}', '0.75'],
  ['\\frac12', '\\frac{1}{2}'],
  ['\\frac1{2}', '1/2'],
  ['\\frac{1}2', '\\dfrac12'],
  ['2/4', '\\frac{1}{2}'],
  ['-\\frac{3}{2}', '-1.5'],
  ['\\frac{-3}{2}', '-\\frac{3}{2}'],
  ['\\frac{14}{3}', '\\frac{28}{6}'],
  ['0.\\overline{3}', '\\frac{1}{3}'],
  ['1\\frac{1}{2}', '1.5'],
  // integers, decimals, trailing zeros, separators
  ['3', '3.0'],
  ['3.50', '3.5'],
  ['12.000', '12'],
  ['.5', '0.5'],
  ['1,000', '1000'],
  ['1{,}000{,}000', '1000000'],
  ['10^6', '1000000'],
  ['2^{10}', '1024'],
  ['-0.25', '-\\frac14'],
  ['5!', '120'],
  ['\\binom{5}{2}', '10'],
  // radicals
  ['\\sqrt2', '\\sqrt{2}'],
  ['2\\sqrt{2}', '\\sqrt{8}'],
  ['\\frac{\\sqrt{3}}{3}', '\\frac{1}{\\sqrt3}'],
  ['\\frac{\\sqrt2}{2}', '\\frac{1}{\\sqrt{2}}'],
  ['3\\sqrt{3}', '\\sqrt{27}'],
  ['\\sqrt[3]{8}', '2'],
  ['4+2\\sqrt{3}', '2\\sqrt3+4'],
  // pi and constants
  ['2\\pi', '\\pi \\cdot 2'],
  ['\\frac{\\pi}{4}', '\\frac14\\pi'],
  ['6\\pi', '6 \\pi'],
  ['\\infty', '\\infty'],
  // degrees, percent, money, units and text
  ['30^\\circ', '30'],
  ['30^{\\circ}', '30'],
  ['45°', '45'],
  ['50\\%', '50'],
  ['50\\%', '0.5'],
  ['12.5%', '12.5'],
  ['\\$18.90', '18.9'],
  ['\\$5', '5'],
  ['5\\text{ cm}', '5'],
  ['5 \\text{cm}^2', '5'],
  ['12 inches', '12'],
  ['20\\mbox{ dollars}', '20'],
  ['\\text{(C)}', 'C'],
  ['(C)', '\\text{C}'],
  ['\\text{Evelyn}', 'Evelyn'],
  ['\\textbf{odd}', 'odd'],
  ['yes', 'Yes'],
  // variables on the left, spacing, delimiters
  ['x = 3', '3'],
  ['k=-2', '-2'],
  ['x \\in [2, 5)', '[2,5)'],
  ['\\left( 3, \\frac{\\pi}{2} \\right)', '(3,\\frac{\\pi}{2})'],
  ['\\left[ 1, 2 \\right]', '[1,2]'],
  ['$7$', '7'],
  ['\\displaystyle \\frac{5}{2}', '2.5'],
  ['1\\,000', '1000'],
  ['3 \\cdot 4', '12'],
  ['2 \\times 3', '6'],
  ['−4', '-4'],
  // intervals and unions
  ['(-\\infty, 3)', '(-\\infty,3)'],
  ['[0.5, 2]', '[\\frac12, 2]'],
  ['(-\\infty,-2)\\cup(2,\\infty)', '(2,\\infty)\\cup(-\\infty,-2)'],
  ['[1,\\frac{3}{2})', '[1, 1.5)'],
  // tuples and points
  ['(1,2)', '(1, 2)'],
  ['(\\frac12, -3)', '(0.5,-3)'],
  ['(1,2,3)', '\\left(1, 2, 3\\right)'],
  // sets and unordered lists
  ['\\{1,2\\}', '\\{2,1\\}'],
  ['1, 2', '2,1'],
  ['-2, 1', '1, -2'],
  ['\\{3\\}', '3'],
  ['x=1, x=2', '1,2'],
  ['1 \\text{ or } 2', '2, 1'],
  ['\\lbrace 4, 5 \\rbrace', '\\{5,4\\}'],
  ['\\sqrt2, -\\sqrt2', '-\\sqrt{2}, \\sqrt{2}'],
  ['\\pm\\sqrt{2}', '\\sqrt2,-\\sqrt2'],
  // expressions with variables
  ['x^2+2x+1', '(x+1)^2'],
  ['2x', 'x+x'],
  ['\\frac{x}{2}', '\\frac{1}{2}x'],
  ['y = 2x + 3', '2x+3'],
  ['3n+1', '1+3n'],
  ['\\frac{a+b}{2}', '\\frac{a}{2}+\\frac{b}{2}'],
  ['2y = 4x + 6', 'y = 2x + 3'],
  // matrices and complex numbers
  ['\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}', '\\begin{pmatrix}1\\\\2\\end{pmatrix}'],
  [
    '\\begin{pmatrix} 0.5 & 0 \\\\ 0 & 1 \\end{pmatrix}',
    '\\begin{pmatrix}\\frac12&0\\\\0&1\\end{pmatrix}',
  ],
  ['2+3i', '3i+2'],
  ['i', '\\sqrt{-1}'],
  // bases and odd spellings
  ['1011_2', '1011_{2}'],
  ['\\log_2 8', '3'],
  ['e^0', '1'],
];

/** Pairs that must not match. */
const DIFFERENT: ReadonlyArray<readonly [string, string]> = [
  ['2', '3'],
  ['\\frac12', '\\frac13'],
  ['0.5', '0.05'],
  ['12', '120'],
  ['-1', '1'],
  ['3.14', '\\pi'],
  ['0.333', '\\frac13'],
  ['1,000', '1'],
  ['\\sqrt2', '\\sqrt3'],
  ['2\\sqrt2', '\\sqrt2'],
  ['\\frac{\\pi}{6}', '30'],
  ['50\\%', '5'],
  ['x = 3', '4'],
  ['(1,2)', '(2,1)'],
  ['[1,2)', '[1,2]'],
  ['(1,2]', '(1,2)'],
  ['(1,2)', '\\{1,2\\}'],
  ['\\{1,2\\}', '\\{1,2,3\\}'],
  ['1, 2', '1, 2, 3'],
  ['1, 1', '1, 2'],
  ['(-\\infty,3)', '(-\\infty,3]'],
  ['(-\\infty,-2)\\cup(2,\\infty)', '(-\\infty,-2]\\cup(2,\\infty)'],
  ['x+1', 'x-1'],
  ['2x', 'x^2'],
  ['x^2', 'y^2'],
  ['y = 2x + 3', 'y = 2x - 3'],
  ['\\begin{pmatrix}1\\\\2\\end{pmatrix}', '\\begin{pmatrix}2\\\\1\\end{pmatrix}'],
  ['2+3i', '2-3i'],
  ['ab', 'ba'],
  ['\\text{Evelyn}', 'Bob'],
  ['odd', 'even'],
  ['A', 'B'],
  ['', '5'],
  ['5', ''],
  ['\\infty', '-\\infty'],
  ['10^6', '10^7'],
  ['100', '99.9999'],
  ['1011_2', '1010_2'],
  ['5\\text{ cm}', '6'],
  ['1/3', '3'],
];

describe('math answer equivalence', () => {
  it('checks at least a hundred cases in all', () => {
    expect(EQUIVALENT.length + DIFFERENT.length).toBeGreaterThanOrEqual(100);
  });

  it.each(EQUIVALENT)('accepts %s as the same answer as %s', (candidate, reference) => {
    expect(isEquivalent(candidate, reference)).toBe(true);
  });

  it.each(DIFFERENT)('rejects %s against the reference %s', (candidate, reference) => {
    expect(isEquivalent(candidate, reference)).toBe(false);
  });
});
