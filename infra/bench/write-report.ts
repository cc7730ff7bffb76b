/**
 * Writes a report folder: `report.json` (every summary, the footprint and the targets),
 * `turns.jsonl` (one line per recorded turn, with its model calls), `report.md`, and per profile
 * `sweep-<profile>.svg` and `speedup-<profile>.svg`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchReport } from './build-report.ts';
import { renderSpeedupPlot } from './plot-speedup.ts';
import { renderSweepPlot } from './plot-sweep.ts';
import { renderMarkdown } from './render-markdown.ts';
import type { TurnResult } from './run-profile.ts';

export function writeReport(
  folder: string,
  report: BenchReport,
  turns: readonly TurnResult[],
): string[] {
  mkdirSync(folder, { recursive: true });
  const written: string[] = [];
  const write = (name: string, text: string) => {
    writeFileSync(join(folder, name), text);
    written.push(join(folder, name));
  };
  write('report.json', `${JSON.stringify(report, null, 2)}\n`);
  write(
    'turns.jsonl',
    turns.map((turn) => JSON.stringify(turn)).join('\n') + (turns.length > 0 ? '\n' : ''),
  );
  write('report.md', renderMarkdown(report));
  const simulated = report.options.real === undefined;
  for (const profile of report.profiles) {
    write(`sweep-${profile.name}.svg`, renderSweepPlot(profile, simulated));
    write(`speedup-${profile.name}.svg`, renderSpeedupPlot(profile));
  }
  return written;
}
