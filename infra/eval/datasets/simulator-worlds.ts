/**
 * Loads the simulator's scripted problem worlds (`GET /sim/worlds/:world?count=N&seed=S`, JSON
 * lines). Math items are `{"id","problem","answer"}`; multiple-choice items carry a question, four
 * choices (an object keyed A–D or an array) and the answer letter. The simulator already orders
 * the choices, and its scripted reasoning answers by letter, so they are kept as sent.
 */
import { parseJsonLines } from './local-file.ts';
import { CHOICE_LETTERS, type ChoiceLetter, type EvalProblem } from './problem.ts';
import type { DatasetRow } from './row-parsers.ts';
import { toChoices } from './row-parsers.ts';

export function buildWorldUrl(simulatorUrl: string, world: string, count: number, seed: number) {
  const url = new URL(`/sim/worlds/${encodeURIComponent(world)}`, simulatorUrl);
  url.searchParams.set('count', String(count));
  url.searchParams.set('seed', String(seed));
  return url.toString();
}

export interface WorldOptions {
  simulatorUrl: string;
  count: number;
  seed: number;
  fetch?: typeof fetch;
}

/** Fetches and parses `count` problems of one world. */
export async function loadWorld(world: string, options: WorldOptions): Promise<EvalProblem[]> {
  const url = buildWorldUrl(options.simulatorUrl, world, options.count, options.seed);
  const response = await (options.fetch ?? fetch)(url);
  if (!response.ok) {
    const detail = (await response.text()).slice(0, 300);
    throw new Error(
      `Simulator world request failed with status ${response.status}: GET ${url} ${detail}`,
    );
  }
  return parseWorldLines(await response.text(), `sim:${world}`);
}

/** Parses a world's JSON lines into problems of dataset `dataset`. */
export function parseWorldLines(text: string, dataset: string): EvalProblem[] {
  return parseJsonLines(text, dataset).map((row, index) => parseWorldItem(row, index, dataset));
}

function parseWorldItem(row: DatasetRow, index: number, dataset: string): EvalProblem {
  const id = row.id === undefined || row.id === null ? String(index) : String(row.id);
  const question = firstText(row, ['problem', 'question']);
  if (question === undefined) throw new TypeError(`Item ${id} of ${dataset} has no problem text`);
  const choices = readChoices(row.choices ?? row.options);
  const answer = firstText(row, ['answer_letter', 'correct', 'answer']);
  if (answer === undefined) throw new TypeError(`Item ${id} of ${dataset} has no answer`);
  if (choices === undefined) return { dataset, id, kind: 'math', question, answer };
  const letter = answer.replace(/[()\s]/g, '').toUpperCase();
  if (!isChoiceLetter(letter)) {
    throw new TypeError(`Item ${id} of ${dataset} has answer "${answer}", not a letter A–D`);
  }
  return { dataset, id, kind: 'multiple-choice', question, answer: letter, choices };
}

function readChoices(value: unknown): Record<ChoiceLetter, string> | undefined {
  if (Array.isArray(value)) return toChoices(value.map(String));
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  return toChoices(CHOICE_LETTERS.map((letter) => String(record[letter] ?? '')));
}

function firstText(row: DatasetRow, columns: readonly string[]): string | undefined {
  for (const column of columns) {
    const value = row[column];
    if (value !== undefined && value !== null && String(value).trim() !== '') {
      return String(value).trim();
    }
  }
  return undefined;
}

function isChoiceLetter(text: string): text is ChoiceLetter {
  return (CHOICE_LETTERS as readonly string[]).includes(text);
}
