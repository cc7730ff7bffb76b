/**
 * The table of which settings work with which server (issue 14) appears in README.md and in
 * infra/deploy/README.md: the two copies are identical, and every row is a cell the conformance
 * matrix runs with exactly those settings and expects to work or be refused with that fix.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Cell,
  cells,
  expectation,
  ROWS,
  workerSettings,
} from '../../test/conformance/matrix.ts';

const ROOT = join(import.meta.dirname, '../..');
const START = '<!-- backend-table:start';
const END = '<!-- backend-table:end -->';

function table(path: string): string {
  const text = readFileSync(join(ROOT, path), 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start === -1 || end === -1) throw new Error(`${path} has no backend table markers`);
  return text.slice(start, end + END.length);
}

interface Recipe {
  line: string;
  settings: Record<string, string>;
  matrixRow: string;
  outcome: string;
}

function recipes(markdown: string): Recipe[] {
  return markdown
    .split('\n')
    .filter(
      (line) => line.startsWith('| ') && !line.startsWith('| Server') && !line.startsWith('| ---'),
    )
    .map((line) => {
      const columns = line.split(' | ').map((column) => column.replace(/^\| |\s*\|$/g, ''));
      const settings = Object.fromEntries(
        [...(columns[2] ?? '').matchAll(/`([A-Z_]+) = "([^"]*)"`/g)].map((match) => [
          match[1],
          match[2],
        ]),
      );
      return {
        line,
        settings,
        matrixRow: (columns[3] ?? '').replaceAll('`', ''),
        outcome: columns[4] ?? '',
      };
    });
}

/** The matrix cell a recipe stands for: a base recipe with the default (legacy) Workers AI draft. */
function cellOf(recipe: Recipe): Cell {
  const row = ROWS.find((candidate) => candidate.label === recipe.matrixRow);
  if (row === undefined) throw new Error(`No matrix row "${recipe.matrixRow}" for: ${recipe.line}`);
  const mode = recipe.settings.BASE_API_MODE === 'chat' ? 'chat' : 'completions';
  const workersAiApi = recipe.settings.DRAFT_WORKERS_AI_API === 'openai' ? 'openai' : 'legacy';
  const cell = cells().find(
    (candidate) =>
      candidate.row === row &&
      candidate.mode === mode &&
      candidate.provider === 'workers-ai binding' &&
      candidate.workersAiApi === workersAiApi &&
      candidate.draftFault === undefined,
  );
  if (cell === undefined) throw new Error(`The matrix does not run: ${recipe.line}`);
  return cell;
}

describe('the backend table', () => {
  it('is the same in README.md and infra/deploy/README.md', () => {
    expect(table('README.md')).toBe(table('infra/deploy/README.md'));
  });

  it('lists only combinations the matrix runs, with the same settings and outcome', () => {
    const rows = recipes(table('infra/deploy/README.md'));
    expect(rows.length).toBeGreaterThan(5);
    for (const recipe of rows) {
      const cell = cellOf(recipe);
      const used = workerSettings(cell, 'http://simulator');
      for (const [name, value] of Object.entries(recipe.settings))
        expect(used[name], `${name} in: ${recipe.line}`).toBe(value);
      const expected = expectation(cell);
      if (expected.works) {
        expect(recipe.outcome, recipe.line).toBe('works');
      } else {
        const fix = recipe.outcome.replace(/^refused: /, '');
        expect(recipe.outcome.startsWith('refused: '), recipe.line).toBe(true);
        expect(
          expected.messageIncludes.some((part) => part.includes(fix)),
          recipe.line,
        ).toBe(true);
      }
    }
  });
});
