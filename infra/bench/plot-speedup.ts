/**
 * Each problem's speedup over the base model, per speculative mode, as an SVG: problems along
 * the x axis (in the order of their sequential speedup), one marker per mode, and a line at 1×
 * (as fast as the base model). Pure.
 */
import type { ProfileReport } from './build-report.ts';
import type { BenchMode } from './options.ts';
import { escapeXml, frame, legend, MODE_COLORS, niceCeiling, PLOT, round } from './svg.ts';

const PLOTTED: readonly BenchMode[] = ['speculative', 'draft-ahead', 'hedged'];

export function renderSpeedupPlot(profile: ProfileReport): string {
  const series = profile.perProblem.filter((entry) => PLOTTED.includes(entry.mode));
  const order = series.find((entry) => entry.mode === 'speculative') ?? series[0];
  const problems = [...(order?.problems ?? [])]
    .sort((left, right) => left.speedup - right.speedup)
    .map((entry) => entry.problem);
  for (const entry of series)
    for (const { problem } of entry.problems)
      if (!problems.includes(problem)) problems.push(problem);
  const values = series.flatMap((entry) => entry.problems.map((problem) => problem.speedup));
  const maxSpeedup = niceCeiling(1.1 * Math.max(1, ...values));
  const x = (problem: string) =>
    PLOT.left + ((problems.indexOf(problem) + 0.5) / Math.max(problems.length, 1)) * PLOT.width;
  const y = (speedup: number) => PLOT.top + PLOT.height - (speedup / maxSpeedup) * PLOT.height;
  const parts = frame(
    `Speedup over the base model per problem — ${profile.name}`,
    'base latency / mode latency, mean over seeds; grey line: as fast as base',
  );
  for (let tick = 0; tick <= 5; tick += 1) {
    const value = (maxSpeedup * tick) / 5;
    parts.push(
      `<line x1="${PLOT.left}" y1="${round(y(value))}" x2="${PLOT.left + PLOT.width}" y2="${round(y(value))}" stroke="#eeeeee"/>`,
      `<text x="${PLOT.left - 8}" y="${round(y(value) + 4)}" text-anchor="end">${value.toFixed(value < 10 ? 1 : 0)}×</text>`,
    );
  }
  const labelEvery = Math.max(1, Math.ceil(problems.length / 16));
  problems.forEach((problem, index) => {
    if (index % labelEvery !== 0) return;
    const left = round(x(problem));
    const top = PLOT.top + PLOT.height + 10;
    parts.push(
      `<text transform="translate(${left} ${top}) rotate(35)" font-size="10">${escapeXml(problem)}</text>`,
    );
  });
  parts.push(
    `<line x1="${PLOT.left}" y1="${round(y(1))}" x2="${PLOT.left + PLOT.width}" y2="${round(y(1))}" stroke="#999" stroke-width="1.5"/>`,
    `<text transform="translate(20 ${PLOT.top + PLOT.height / 2}) rotate(-90)" text-anchor="middle">speedup over base</text>`,
  );
  series.forEach((entry, index) => {
    const color = MODE_COLORS[entry.mode];
    const offset = (index - (series.length - 1) / 2) * 4;
    for (const { problem, speedup } of entry.problems) {
      parts.push(
        `<circle cx="${round(x(problem) + offset)}" cy="${round(y(speedup))}" r="4" fill="${color}" fill-opacity="0.85"><title>${escapeXml(`${entry.mode} ${problem}: ${speedup.toFixed(2)}×`)}</title></circle>`,
      );
    }
  });
  parts.push(
    ...legend(series.map((entry) => ({ label: entry.mode, color: MODE_COLORS[entry.mode] }))),
  );
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
