/**
 * The conformance matrix (issue 14): every server flavour × API mode × draft provider runs a full
 * turn through the Worker in workerd against one simulator, reconfigured per combination. Each
 * combination works (answer, reasoning, usage, scored steps, no degraded prompt on any server) or
 * is refused at configuration time with a message naming the setting and its fix. The table of
 * outcomes is printed at the end of the run.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { type Cell, cellLabel, cells, expectation, ROWS, renderTable } from './matrix.ts';
import { type CellResult, runCell } from './run-cell.ts';

const simulatorUrl = inject('simulatorUrl');
const results: { cell: Cell; outcome: string; why: string }[] = [];
/** Plain vLLM's turn per API mode and draft provider: what every other server must reproduce. */
const references = new Map<string, CellResult['text']>();
const column = (cell: Cell) => `${cell.mode} ${cell.provider} ${cell.workersAiApi}`;

afterAll(async () => {
  await fetch(inject('reportUrl'), { method: 'POST', body: renderTable(results) });
});

describe('every backend combination', () => {
  it.each(cells().map((cell) => [cellLabel(cell), cell] as const))(
    '%s works or is refused with its fix',
    async (_label, cell) => {
      const isReference = cell.row === ROWS[0] && cell.draftFault === undefined;
      // Another base model writes other text: only QwQ-family cells have a reference.
      const reference =
        isReference || cell.draftFault !== undefined || cell.row.base !== undefined
          ? undefined
          : references.get(column(cell));
      const result: CellResult = await runCell(cell, simulatorUrl, reference);
      if (isReference && result.outcome === 'works') references.set(column(cell), result.text);
      results.push({ cell, ...result });
      const expected = expectation(cell);
      if (expected.works) {
        expect(result.outcome, result.why).toBe('works');
      } else {
        expect(result.outcome, result.why).toBe('refused');
        for (const part of expected.messageIncludes) expect(result.why).toContain(part);
      }
    },
  );
});
