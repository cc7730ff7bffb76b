/**
 * Small helpers for the hand-drawn SVG plots: the frame, round axis maxima, a legend and the
 * colours of the modes; escaping is the evaluation plot's. Pure string building.
 */
import { escapeXml } from '../eval/report/render-plot.ts';
import type { BenchMode } from './options.ts';

export { escapeXml };

export const WIDTH = 720;
export const HEIGHT = 440;
export const MARGIN = { top: 56, right: 72, bottom: 64, left: 72 };
export const PLOT = {
  left: MARGIN.left,
  top: MARGIN.top,
  width: WIDTH - MARGIN.left - MARGIN.right,
  height: HEIGHT - MARGIN.top - MARGIN.bottom,
};

export const MODE_COLORS: Record<BenchMode, string> = {
  base: '#1f4e99',
  draft: '#b35900',
  speculative: '#2e7d32',
  'draft-ahead': '#7b1fa2',
  hedged: '#c62828',
};

export const round = (value: number) => Math.round(value * 10) / 10;

/** The smallest 1, 2 or 5 × 10^n at or above `value` (at least `minimum`). */
export function niceCeiling(value: number, minimum = 1e-9): number {
  const target = Math.max(value, minimum);
  const power = 10 ** Math.floor(Math.log10(target));
  for (const step of [1, 2, 5, 10]) if (step * power >= target) return step * power;
  return 10 * power;
}

/** Opens a plot: background, title, subtitle and the plot area's border. */
export function frame(title: string, subtitle: string): string[] {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="${WIDTH / 2}" y="40" text-anchor="middle" fill="#555">${escapeXml(subtitle)}</text>`,
    `<rect x="${PLOT.left}" y="${PLOT.top}" width="${PLOT.width}" height="${PLOT.height}" fill="none" stroke="#444"/>`,
  ];
}

/** A legend in the plot's top-left corner: a line sample (dashed when asked) per entry. */
export function legend(
  entries: readonly { label: string; color: string; dashed?: boolean }[],
): string[] {
  return entries.flatMap((entry, index) => {
    const y = PLOT.top + 16 + index * 16;
    const x = PLOT.left + 10;
    return [
      `<line x1="${x}" y1="${y - 4}" x2="${x + 22}" y2="${y - 4}" stroke="${entry.color}" stroke-width="2"${entry.dashed ? ' stroke-dasharray="5 3"' : ''}/>`,
      `<text x="${x + 28}" y="${y}">${escapeXml(entry.label)}</text>`,
    ];
  });
}
