/**
 * Draws one dataset's accuracy-versus-latency plot as a standalone SVG, by hand: one marker per
 * configuration (base a square, draft a triangle, speculative circles joined in threshold order
 * and labelled with their threshold). Pure: figures in, SVG text out.
 */
import type { CellStats } from './aggregate.ts';

const WIDTH = 640;
const HEIGHT = 420;
const MARGIN = { top: 48, right: 24, bottom: 56, left: 64 };
const PLOT_WIDTH = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;
const COLORS = { base: '#1f4e99', draft: '#b35900', speculative: '#2e7d32' } as const;

export function renderPlot(title: string, cells: readonly CellStats[]): string {
  const points = cells.flatMap((cell) =>
    cell.latency === undefined || cell.accuracy === undefined
      ? []
      : [{ cell, seconds: cell.latency.meanMs / 1000, percent: cell.accuracy * 100 }],
  );
  const maxSeconds = niceCeiling(1.1 * Math.max(0, ...points.map((point) => point.seconds)));
  const x = (seconds: number) => MARGIN.left + (seconds / maxSeconds) * PLOT_WIDTH;
  const y = (percent: number) => MARGIN.top + PLOT_HEIGHT - (percent / 100) * PLOT_HEIGHT;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  for (let step = 0; step <= 5; step++) {
    const percent = step * 20;
    const seconds = (maxSeconds / 5) * step;
    parts.push(
      `<line x1="${MARGIN.left}" y1="${y(percent)}" x2="${MARGIN.left + PLOT_WIDTH}" y2="${y(percent)}" stroke="#e5e5e5"/>`,
      `<text x="${MARGIN.left - 8}" y="${y(percent) + 4}" text-anchor="end">${percent}%</text>`,
      `<text x="${round(x(seconds))}" y="${MARGIN.top + PLOT_HEIGHT + 18}" text-anchor="middle">${formatSeconds(seconds)}</text>`,
    );
  }
  parts.push(
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${PLOT_WIDTH}" height="${PLOT_HEIGHT}" fill="none" stroke="#444"/>`,
    `<text x="${MARGIN.left + PLOT_WIDTH / 2}" y="${HEIGHT - 14}" text-anchor="middle">mean latency per query (s)</text>`,
    `<text transform="translate(18 ${MARGIN.top + PLOT_HEIGHT / 2}) rotate(-90)" text-anchor="middle">accuracy (pass@1)</text>`,
  );
  if (points.length === 0) {
    parts.push(
      `<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle">no answered samples</text>`,
    );
  }
  // One line per family of speculative runs that differ only in threshold.
  const families = new Map<string, typeof points>();
  for (const point of points.filter((item) => item.cell.config.mode === 'speculative')) {
    const { scoreMethod, firstNBaseSteps, tokenBudget } = point.cell.config;
    const family = `${scoreMethod}|${firstNBaseSteps}|${tokenBudget}`;
    families.set(family, [...(families.get(family) ?? []), point]);
  }
  for (const family of families.values()) {
    if (family.length < 2) continue;
    const path = family.map((point) => `${round(x(point.seconds))},${round(y(point.percent))}`);
    parts.push(
      `<polyline points="${path.join(' ')}" fill="none" stroke="${COLORS.speculative}" stroke-width="1.5"/>`,
    );
  }
  for (const point of points) {
    const px = round(x(point.seconds));
    const py = round(y(point.percent));
    const mode = point.cell.config.mode;
    const label = mode === 'speculative' ? `t${point.cell.config.threshold}` : mode;
    parts.push(
      `<g fill="${COLORS[mode]}"><title>${escapeXml(point.cell.label)}</title>${marker(mode, px, py)}</g>`,
    );
    parts.push(
      `<text x="${px + 8}" y="${py - 8}" fill="${COLORS[mode]}">${escapeXml(label)}</text>`,
    );
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function marker(mode: CellStats['config']['mode'], x: number, y: number): string {
  if (mode === 'base') return `<rect x="${x - 5}" y="${y - 5}" width="10" height="10"/>`;
  if (mode === 'draft')
    return `<polygon points="${x},${y - 6} ${x + 6},${y + 5} ${x - 6},${y + 5}"/>`;
  return `<circle cx="${x}" cy="${y}" r="5"/>`;
}

/** The smallest of 1, 2, 2.5, 5 × 10^k at or above the value (at least a millisecond). */
export function niceCeiling(value: number): number {
  if (value <= 0.001) return 0.001;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const factor = [1, 2, 2.5, 5, 10].find((candidate) => candidate * magnitude >= value) ?? 10;
  return factor * magnitude;
}

function formatSeconds(seconds: number): string {
  return String(Number(seconds.toPrecision(3)));
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
