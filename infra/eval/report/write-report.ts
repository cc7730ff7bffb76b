/**
 * Writes a run's report into its output folder: report.md, report.json and one SVG plot per
 * dataset under plots/. Owns file names and writing; the content comes from the pure modules.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SampleResult } from '../run/results-file.ts';
import { renderMarkdown } from './render-markdown.ts';
import { renderPlot } from './render-plot.ts';
import { buildReport, type Report, type RunDescription } from './report-model.ts';

export interface WrittenReport {
  report: Report;
  markdownPath: string;
  jsonPath: string;
  plotPaths: string[];
}

export async function writeReport(
  outDirectory: string,
  results: readonly SampleResult[],
  run: RunDescription,
  generatedAt: Date,
): Promise<WrittenReport> {
  const report = buildReport(results, run, generatedAt);
  await mkdir(join(outDirectory, 'plots'), { recursive: true });
  const plots = new Map<string, string>();
  const plotPaths: string[] = [];
  for (const dataset of [...new Set(report.rows.map((row) => row.dataset))]) {
    const rows = report.rows.filter((row) => row.dataset === dataset);
    const simulated = rows.some((row) => row.isAccuracySimulated);
    const title = `${dataset}: accuracy vs latency${simulated ? ' (simulated)' : ''}`;
    const relative = `plots/${fileSlug(dataset)}.svg`;
    await writeFile(join(outDirectory, relative), renderPlot(title, rows));
    plots.set(dataset, relative);
    plotPaths.push(join(outDirectory, relative));
  }
  const markdownPath = join(outDirectory, 'report.md');
  const jsonPath = join(outDirectory, 'report.json');
  await writeFile(markdownPath, renderMarkdown(report, plots));
  await writeFile(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  return { report, markdownPath, jsonPath, plotPaths };
}

/** `sim:arithmetic` → `sim-arithmetic`. */
export function fileSlug(name: string): string {
  return name.replace(/[^a-zA-Z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'dataset';
}
