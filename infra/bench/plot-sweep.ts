/**
 * The threshold sweep of one profile as an SVG: median latency against the acceptance threshold
 * (solid lines, left axis) and accuracy (dashed lines, right axis) for each swept mode, with the
 * base model's latency and accuracy as grey reference lines. Pure.
 */
import type { ProfileReport } from './build-report.ts';
import type { BenchMode } from './options.ts';
import { escapeXml, frame, legend, MODE_COLORS, niceCeiling, PLOT, round } from './svg.ts';

export function renderSweepPlot(profile: ProfileReport, simulated: boolean): string {
  const thresholds = [...new Set(profile.sweep.map((summary) => summary.threshold))].sort(
    (left, right) => left - right,
  );
  const modes = [...new Set(profile.sweep.map((summary) => summary.mode))];
  const base = profile.compare.find((summary) => summary.mode === 'base');
  const latencies = [
    ...profile.sweep.map((summary) => summary.latency.median ?? 0),
    base?.latency.median ?? 0,
  ];
  const maxSeconds = niceCeiling((1.1 * Math.max(...latencies)) / 1000, 0.1);
  const x = (threshold: number) =>
    PLOT.left +
    ((thresholds.indexOf(threshold) + 0.5) / Math.max(thresholds.length, 1)) * PLOT.width;
  const ySeconds = (seconds: number) =>
    PLOT.top + PLOT.height - (seconds / maxSeconds) * PLOT.height;
  const yPercent = (share: number) => PLOT.top + PLOT.height - share * PLOT.height;
  const accuracyLabel = simulated ? 'accuracy (simulated)' : 'accuracy';
  const parts = frame(
    `Latency and ${accuracyLabel} against the threshold — ${profile.name}`,
    'median latency per problem (solid, left axis); accuracy (dashed, right axis); grey: base model',
  );
  for (let tick = 0; tick <= 5; tick += 1) {
    const y = PLOT.top + PLOT.height - (tick / 5) * PLOT.height;
    parts.push(
      `<line x1="${PLOT.left}" y1="${round(y)}" x2="${PLOT.left + PLOT.width}" y2="${round(y)}" stroke="#eeeeee"/>`,
      `<text x="${PLOT.left - 8}" y="${round(y + 4)}" text-anchor="end">${formatSeconds((maxSeconds * tick) / 5)}</text>`,
      `<text x="${PLOT.left + PLOT.width + 8}" y="${round(y + 4)}">${tick * 20}%</text>`,
    );
  }
  for (const threshold of thresholds) {
    parts.push(
      `<text x="${round(x(threshold))}" y="${PLOT.top + PLOT.height + 18}" text-anchor="middle">${threshold}</text>`,
    );
  }
  parts.push(
    `<text x="${PLOT.left + PLOT.width / 2}" y="${PLOT.top + PLOT.height + 40}" text-anchor="middle">acceptance threshold (score 0–9)</text>`,
    `<text transform="translate(20 ${PLOT.top + PLOT.height / 2}) rotate(-90)" text-anchor="middle">median latency (s)</text>`,
    `<text transform="translate(${PLOT.left + PLOT.width + 58} ${PLOT.top + PLOT.height / 2}) rotate(90)" text-anchor="middle">${escapeXml(accuracyLabel)}</text>`,
  );
  if (base?.latency.median !== undefined) {
    const y = round(ySeconds(base.latency.median / 1000));
    parts.push(
      `<line x1="${PLOT.left}" y1="${y}" x2="${PLOT.left + PLOT.width}" y2="${y}" stroke="#999" stroke-width="1.5"/>`,
    );
  }
  if (base?.accuracy !== undefined) {
    const y = round(yPercent(base.accuracy));
    parts.push(
      `<line x1="${PLOT.left}" y1="${y}" x2="${PLOT.left + PLOT.width}" y2="${y}" stroke="#999" stroke-width="1.5" stroke-dasharray="5 3"/>`,
    );
  }
  for (const mode of modes) parts.push(...modeLines(profile, mode, x, ySeconds, yPercent));
  parts.push(
    ...legend([
      ...modes.map((mode) => ({ label: `${mode} latency`, color: MODE_COLORS[mode] })),
      ...modes.map((mode) => ({
        label: `${mode} accuracy`,
        color: MODE_COLORS[mode],
        dashed: true,
      })),
      { label: 'base', color: '#999' },
    ]),
    '</svg>',
  );
  return `${parts.join('\n')}\n`;
}

function modeLines(
  profile: ProfileReport,
  mode: BenchMode,
  x: (threshold: number) => number,
  ySeconds: (seconds: number) => number,
  yPercent: (share: number) => number,
): string[] {
  const color = MODE_COLORS[mode];
  const points = profile.sweep.filter((summary) => summary.mode === mode);
  const latency = points.flatMap((summary) =>
    summary.latency.median === undefined
      ? []
      : [[round(x(summary.threshold)), round(ySeconds(summary.latency.median / 1000))] as const],
  );
  const accuracy = points.flatMap((summary) =>
    summary.accuracy === undefined
      ? []
      : [[round(x(summary.threshold)), round(yPercent(summary.accuracy))] as const],
  );
  const path = (list: readonly (readonly [number, number])[]) =>
    list.map(([left, top]) => `${left},${top}`).join(' ');
  return [
    `<polyline points="${path(latency)}" fill="none" stroke="${color}" stroke-width="2"/>`,
    ...latency.map(([left, top]) => `<circle cx="${left}" cy="${top}" r="4" fill="${color}"/>`),
    `<polyline points="${path(accuracy)}" fill="none" stroke="${color}" stroke-width="1.5" stroke-dasharray="5 3"/>`,
    ...accuracy.map(
      ([left, top]) =>
        `<circle cx="${left}" cy="${top}" r="4" fill="#ffffff" stroke="${color}" stroke-width="1.5"/>`,
    ),
  ];
}

function formatSeconds(seconds: number): string {
  return seconds >= 10
    ? seconds.toFixed(0)
    : seconds >= 1
      ? seconds.toFixed(1)
      : seconds.toFixed(2);
}
