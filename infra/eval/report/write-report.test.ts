import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleResult } from '../testing/sample-results.ts';
import type { RunDescription } from './report-model.ts';
import { writeReport } from './write-report.ts';

const RUN: RunDescription = {
  url: 'http://127.0.0.1:8787',
  model: 'specreason',
  datasets: [{ name: 'math500', spec: 'math500', problems: 1, isSimulated: false }],
  samples: 1,
  modes: ['base', 'speculative', 'draft'],
  thresholds: [3, 7],
  scoreMethod: 'greedy',
  firstNBaseSteps: 0,
  tokenBudget: 8192,
  semantics: 'product',
  seed: 0,
  shuffleChoices: true,
  concurrency: 4,
  isSimulated: false,
  startedAt: '2025-01-01T00:00:00.000Z',
};

const RESULTS = [
  sampleResult({ mode: 'base', latencyMs: 60_000 }),
  sampleResult({ mode: 'speculative', threshold: 3, latencyMs: 20_000, isCorrect: false }),
  sampleResult({ mode: 'speculative', threshold: 7, latencyMs: 30_000 }),
  sampleResult({ mode: 'draft', latencyMs: 10_000, isCorrect: false }),
];

async function write(run: RunDescription, results = RESULTS) {
  const directory = await mkdtemp(join(tmpdir(), 'eval-report-'));
  const written = await writeReport(directory, results, run, new Date('2025-01-02T00:00:00Z'));
  return { directory, written, markdown: await readFile(written.markdownPath, 'utf8') };
}

describe('the written report', () => {
  it("sets the paper's threshold-sweep numbers beside our rows for thresholds 3 and 7", async () => {
    const { markdown } = await write(RUN);
    expect(markdown).toMatch(/^# SpecReason Edge evaluation\n/);
    expect(markdown).toContain(
      '| speculative t3 | 1 | 1 | 0 | 0.0% | — | -100.0 pts | 59.4% (§1.5, Fig. 5) |',
    );
    expect(markdown).toContain('| 30.0 s | 30.0 s | 30.0 s | 69.2 s | 2.00× | 1.5–2.5× |');
    expect(markdown).not.toContain('simulated');
  });

  it('states the semantics, the shared thinking budget and both ways of grading', async () => {
    const { markdown } = await write({ ...RUN, semantics: 'reference' });
    expect(markdown).toContain(
      "- Semantics: reference: the reference implementation's exact semantics",
    );
    expect(markdown).toContain('- Every mode stops thinking at the same budget of 8192 tokens');
    expect(markdown).toContain('| no answer phase |');
  });

  it('says simulated in the title and beside every accuracy figure of a simulated run', async () => {
    const run = {
      ...RUN,
      isSimulated: true,
      datasets: [
        { name: 'sim:arithmetic', spec: 'sim:arithmetic', problems: 1, isSimulated: true },
      ],
    };
    const results = RESULTS.map((result) => ({ ...result, dataset: 'sim:arithmetic' }));
    const { directory, markdown, written } = await write(run, results);
    expect(markdown).toMatch(/^# SpecReason Edge evaluation \(simulated\)\n/);
    const rows = markdown
      .split('\n')
      .filter((line) => /^\| (base|draft|speculative t\d) \| \d/.test(line));
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row).toMatch(/\d+\.\d% \(simulated\)/);
    expect(written.report.rows.every((row) => row.isAccuracySimulated)).toBe(true);
    const plot = await readFile(join(directory, 'plots', 'sim-arithmetic.svg'), 'utf8');
    expect(plot).toContain('sim:arithmetic: accuracy vs latency (simulated)');
    expect(markdown).toContain('![accuracy vs latency, sim:arithmetic](plots/sim-arithmetic.svg)');
  });

  it('draws one marker per configuration and joins the thresholds in order', async () => {
    const { written } = await write(RUN);
    const plot = await readFile(written.plotPaths[0] ?? '', 'utf8');
    expect(plot.match(/<circle /g)).toHaveLength(2);
    expect(plot.match(/<polygon /g)).toHaveLength(1);
    expect(plot.match(/<title>/g)).toHaveLength(4);
    // 60 s of base latency → an axis to 100 s: t3 at 20 s, t7 at 30 s; 0% and 100% accuracy.
    expect(plot).toContain('<polyline points="174.4,364 229.6,48"');
  });

  it('writes the same figures as JSON', async () => {
    const { written } = await write(RUN);
    const json = JSON.parse(await readFile(written.jsonPath, 'utf8'));
    expect(json.title).toBe('SpecReason Edge evaluation');
    expect(
      json.rows.map((row: { label: string; speedupVsBase?: number }) => [
        row.label,
        row.speedupVsBase,
      ]),
    ).toEqual([
      ['base', 1],
      ['speculative t3', 3],
      ['speculative t7', 2],
      ['draft', 6],
    ]);
    expect(json.rows[1].paper).toEqual({
      accuracyPercent: 59.4,
      latencySeconds: 35.7,
      source: '§1.5, Fig. 5',
    });
  });
});
