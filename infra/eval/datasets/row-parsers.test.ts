import { describe, expect, it } from 'vitest';
import { detectFormat, parseRows } from './row-parsers.ts';

const GPQA_ROW = {
  'Record ID': 'rec42',
  Question: 'Which particle carries no electric charge?',
  'Correct Answer': ' neutron\n',
  'Incorrect Answer 1': 'proton',
  'Incorrect Answer 2': 'electron',
  'Incorrect Answer 3': 'positron',
};

const options = { dataset: 'gpqa-diamond', seed: 7, shuffleChoices: true };

describe('benchmark rows', () => {
  it('reads an AIME row with capitalised columns and a numeric answer', () => {
    const [problem] = parseRows('aime2024', [{ ID: '2024-I-3', Problem: 'Find x.', Answer: 204 }], {
      ...options,
      dataset: 'aime2024',
    });
    expect(problem).toEqual({
      dataset: 'aime2024',
      id: '2024-I-3',
      kind: 'math',
      question: 'Find x.',
      answer: '204',
    });
  });

  it('reads a MATH-500 row with its subject and level', () => {
    const row = {
      problem: 'Compute $1+1$.',
      answer: '2',
      subject: 'Algebra',
      level: 1,
      unique_id: 'test/algebra/1.json',
    };
    const [problem] = parseRows('math500', [row], { ...options, dataset: 'math500' });
    expect(problem).toMatchObject({ id: 'test/algebra/1.json', subject: 'Algebra', level: 1 });
  });

  it('shuffles GPQA options and records the letter where the correct answer landed', () => {
    const [problem] = parseRows('gpqa-diamond', [GPQA_ROW], options);
    const letter = problem?.answer as 'A' | 'B' | 'C' | 'D';
    expect(problem?.choices?.[letter]).toBe('neutron');
    expect(Object.values(problem?.choices ?? {}).sort()).toEqual(
      ['electron', 'neutron', 'positron', 'proton'].sort(),
    );
  });

  it('shuffles the same way for the same seed and differently across items', () => {
    const rows = Array.from({ length: 40 }, (_, index) => ({
      ...GPQA_ROW,
      'Record ID': `r${index}`,
    }));
    const first = parseRows('gpqa-diamond', rows, options).map((problem) => problem.answer);
    const again = parseRows('gpqa-diamond', rows, options).map((problem) => problem.answer);
    expect(again).toEqual(first);
    expect(new Set(first)).toEqual(new Set(['A', 'B', 'C', 'D']));
  });

  it("keeps the reference's order (correct answer first) when shuffling is off", () => {
    const [problem] = parseRows('gpqa-diamond', [GPQA_ROW], { ...options, shuffleChoices: false });
    expect(problem?.answer).toBe('A');
    expect(problem?.choices).toEqual({ A: 'neutron', B: 'proton', C: 'electron', D: 'positron' });
  });

  it('names the row and the column when a value is missing', () => {
    expect(() =>
      parseRows('math500', [{ problem: 'x', unique_id: 'u' }], { ...options, dataset: 'math500' }),
    ).toThrow('Row 0 of dataset math500 has no "answer" value');
  });

  it('tells the three formats apart by their columns', () => {
    expect(detectFormat(GPQA_ROW)).toBe('gpqa-diamond');
    expect(detectFormat({ problem: '', answer: '', unique_id: '' })).toBe('math500');
    expect(detectFormat({ Problem: '', Answer: 3 })).toBe('aime2024');
    expect(detectFormat({ text: '' })).toBeUndefined();
  });
});
