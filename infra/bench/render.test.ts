import { describe, expect, it } from 'vitest';
import { type BenchReport, buildReport } from './build-report.ts';
import { fakeFootprint, fakeOptions, fakeTurn } from './fake-turns.ts';
import { renderSpeedupPlot } from './plot-speedup.ts';
import { renderSweepPlot } from './plot-sweep.ts';
import { renderMarkdown } from './render-markdown.ts';

function sampleReport(): BenchReport {
  const turns = [3, 5, 7, 9].flatMap((threshold) =>
    ['speculative', 'hedged'].map((mode) =>
      fakeTurn({
        mode: mode as never,
        threshold,
        purpose: threshold === 7 ? 'compare' : 'sweep',
        latencyMs: 1000 * threshold,
        correct: threshold >= 7,
      }),
    ),
  );
  turns.push(
    fakeTurn({ mode: 'base', latencyMs: 20_000 }),
    fakeTurn({ mode: 'base', problemId: 'a<b', latencyMs: 30_000 }),
  );
  turns.push(fakeTurn({ mode: 'speculative', problemId: 'a<b', latencyMs: 10_000 }));
  const options = fakeOptions({
    profiles: ['paper-a6000'],
    modes: ['base', 'speculative', 'hedged'],
    sweepModes: ['speculative', 'hedged'],
    sweepThresholds: [3, 5, 9],
  });
  return buildReport(
    options,
    {
      command: 'npm run bench -- --quick',
      commit: 'abcdef0123456789',
      tree: 'working tree',
      startedAt: '2026-11-27T00:00:00.000Z',
      durationSeconds: 90,
      machine: { cpus: 2, loadAverage: [{ at: 'now', oneMinute: 1.25 }], node: 'v22' },
    },
    turns,
    fakeFootprint({ gapMs: 3, storageBytesPerStep: 1700, heapBytesPerStep: 20 }),
  );
}

describe('the rendered report', () => {
  it('labels simulated accuracy, names the command, commit and load, and marks missed targets', () => {
    const markdown = renderMarkdown(sampleReport());
    expect(markdown).toContain('**accuracy is simulated**');
    expect(markdown).toContain('accuracy (simulated)');
    expect(markdown).toContain('`npm run bench -- --quick`');
    expect(markdown).toContain('commit `abcdef012345`');
    expect(markdown).toContain('load average during the run: 1.25');
    expect(markdown).toMatch(
      /\| Worker overhead ≤ 2 ms per step \(median\), between model calls \| 3\.00 ms \| \*\*no\*\* \|/,
    );
    expect(markdown).toContain('## Profile `paper-a6000`');
    expect(markdown).toContain('slope 1700 bytes per step');
  });

  it('gives every table row as many cells as its header', () => {
    const cells = (line: string) => line.split(' | ').length;
    const tables = renderMarkdown(sampleReport())
      .split('\n\n')
      .map((block) => block.split('\n').filter((line) => line.startsWith('| ')))
      .filter((lines) => lines.length > 0);
    expect(tables.some(([header]) => header?.includes('| GPU s draft/base |'))).toBe(true);
    for (const [header = '', ...rows] of tables)
      for (const row of rows) expect(cells(row), row).toBe(cells(header));
  });

  it('draws the sweep as one latency line and one accuracy line per swept mode over the thresholds', () => {
    const svg = renderSweepPlot(
      sampleReport().profiles[0] as BenchReport['profiles'][number],
      true,
    );
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain(
      '<title>Latency and accuracy (simulated) against the threshold — paper-a6000</title>',
    );
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<polyline [^>]*stroke-width="2"/g)).toHaveLength(2);
    expect(svg.match(/stroke-dasharray="5 3"\/>/g)?.length).toBeGreaterThanOrEqual(2);
    for (const threshold of [3, 5, 7, 9]) expect(svg).toContain(`>${threshold}</text>`);
    expect(svg).toContain('accuracy (simulated)');
  });

  it('draws one marker per problem and mode with the 1× line, escaping problem names', () => {
    const svg = renderSpeedupPlot(sampleReport().profiles[0] as BenchReport['profiles'][number]);
    expect(svg.match(/<circle /g)).toHaveLength(3);
    expect(svg).toContain('a&lt;b');
    expect(svg).not.toContain('a<b');
    expect(svg).toContain('speculative math-1-0: 2.86×');
  });
});
