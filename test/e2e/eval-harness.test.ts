/**
 * The evaluation harness, CI-sized, against the real local stack (wrangler dev + the simulator):
 * it runs every mode on the simulator's worlds and writes a report titled "simulated".
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEvalCommand } from '../../infra/eval/eval-command.ts';
import { useStack } from '../support/stack.ts';

const { stack } = useStack('eval');

describe('npm run eval against the local stack', () => {
  it('sweeps modes and thresholds over two worlds and writes a simulated report', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sr-eval-report-'));
    let stdout = '';
    let stderr = '';
    const status = await runEvalCommand(
      [
        '--url',
        stack().workerUrl,
        '--api-key',
        stack().apiKey,
        '--sim-url',
        stack().simulatorUrl,
        '--dataset',
        'sim:math,sim:gpqa',
        '--limit',
        '2',
        '--k',
        '1',
        '--thresholds',
        '5,9',
        '--concurrency',
        '1',
        '--out',
        out,
      ],
      {
        stdout: { write: (text: string) => (stdout += text) },
        stderr: { write: (text: string) => (stderr += text) },
        env: {},
      },
    );
    expect(status, stderr).toBe(0);
    const report = readFileSync(stdout.trim(), 'utf8');
    expect(report.split('\n')[0]).toMatch(/simulated/i);
    for (const mode of ['base', 'draft', 'speculative']) expect(report).toContain(mode);
    const results = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n');
    // 2 worlds × 2 problems × (base + draft + 2 thresholds), none failed.
    expect(results).toHaveLength(16);
    expect(results.map((line) => JSON.parse(line).status)).toEqual(Array(16).fill('ok'));
  });
});
