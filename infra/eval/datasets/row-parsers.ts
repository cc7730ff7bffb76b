/**
 * Turns dataset rows (from JSONL, Parquet or the Hugging Face datasets server) into evaluation
 * problems, for the three benchmark formats of the paper: AIME 2024 (problem/answer), MATH-500
 * (problem/answer/subject/level/unique_id) and GPQA-Diamond (Question, Correct Answer, Incorrect
 * Answer 1–3). GPQA options are shuffled with a seed: the reference put the correct answer first,
 * a known bias. Pure.
 */

import {
  CHOICE_LETTERS,
  type ChoiceLetter,
  type DatasetFormat,
  type EvalProblem,
} from './problem.ts';
import { seededShuffle } from './seeded-random.ts';

/** One row as read from a file or an API, column name → value. */
export type DatasetRow = Readonly<Record<string, unknown>>;

export interface ParseRowsOptions {
  /** The dataset name to record on each problem. */
  dataset: string;
  /** Seed of the multiple-choice shuffle. */
  seed: number;
  /** False keeps the reference's order (correct answer always A). */
  shuffleChoices: boolean;
}

export const GPQA_INCORRECT_COLUMNS = [
  'Incorrect Answer 1',
  'Incorrect Answer 2',
  'Incorrect Answer 3',
] as const;

/** Guesses a row's format from its columns; undefined when none fits. */
export function detectFormat(row: DatasetRow): DatasetFormat | undefined {
  if ('Question' in row && 'Correct Answer' in row) return 'gpqa-diamond';
  if ('unique_id' in row && 'problem' in row && 'answer' in row) return 'math500';
  if (findKey(row, 'problem') !== undefined && findKey(row, 'answer') !== undefined) {
    return 'aime2024';
  }
  return undefined;
}

/** Parses every row of one dataset; throws naming the row and the missing column. */
export function parseRows(
  format: DatasetFormat,
  rows: readonly DatasetRow[],
  options: ParseRowsOptions,
): EvalProblem[] {
  return rows.map((row, index) => {
    const read = (column: string) => readText(row, column, index, options.dataset);
    // AIME and MATH-500 rows both hold `problem` and `answer`; only the id column differs.
    const mathProblem = (idColumn: string): EvalProblem => ({
      dataset: options.dataset,
      id: optionalText(row, idColumn) ?? String(index),
      kind: 'math',
      question: read('problem'),
      answer: read('answer'),
    });
    switch (format) {
      case 'aime2024':
        return mathProblem('id');
      case 'math500': {
        const level = Number(row.level);
        return {
          ...mathProblem('unique_id'),
          subject: optionalText(row, 'subject'),
          level: Number.isFinite(level) ? level : undefined,
        };
      }
      case 'gpqa-diamond': {
        const id = optionalText(row, 'Record ID') ?? String(index);
        const texts = [read('Correct Answer'), ...GPQA_INCORRECT_COLUMNS.map(read)];
        // Position 0 holds the correct answer; shuffling positions keeps duplicates apart.
        const positions = [0, 1, 2, 3];
        const order = options.shuffleChoices
          ? seededShuffle(positions, options.seed, id)
          : positions;
        return {
          dataset: options.dataset,
          id,
          kind: 'multiple-choice',
          question: read('Question'),
          answer: letterAt(order.indexOf(0)),
          choices: toChoices(order.map((position) => texts[position] as string)),
        };
      }
      default:
        return format satisfies never;
    }
  });
}

/** Maps four option texts, in display order, to letters A–D. */
export function toChoices(options: readonly string[]): Record<ChoiceLetter, string> {
  if (options.length !== CHOICE_LETTERS.length) {
    throw new TypeError(`A multiple-choice item needs 4 options, got ${options.length}`);
  }
  const [a, b, c, d] = options as [string, string, string, string];
  return { A: a, B: b, C: c, D: d };
}

export function letterAt(index: number): ChoiceLetter {
  const letter = CHOICE_LETTERS[index];
  if (letter === undefined) throw new RangeError(`No option letter at position ${index}`);
  return letter;
}

/** Column lookup that tolerates case differences (`Problem`/`problem`, `ID`/`id`). */
function findKey(row: DatasetRow, column: string): string | undefined {
  if (column in row) return column;
  const lower = column.toLowerCase();
  return Object.keys(row).find((key) => key.toLowerCase() === lower);
}

function optionalText(row: DatasetRow, column: string): string | undefined {
  const key = findKey(row, column);
  const value = key === undefined ? undefined : row[key];
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

function readText(row: DatasetRow, column: string, index: number, dataset: string): string {
  const text = optionalText(row, column);
  if (text === undefined) {
    throw new TypeError(`Row ${index} of dataset ${dataset} has no "${column}" value`);
  }
  return text;
}
