import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runEvalCommand } from './eval-command.ts';
import { completion, type FakeApi, startFakeApi } from './testing/fake-specreason-api.ts';

const WORLD = [
  { id: 'w0', problem: 'What is 6 times 7?', answer: '42' },
  { id: 'w1', problem: 'What is 1 divided by 4?', answer: '\\frac{1}{4}' },
  { id: 'w2', problem: 'What is 10 minus 3?', answer: '7' },
  { id: 'w3', problem: 'What is 2 to the 5?', answer: '32' },
];

/** A stand-in for the simulator's world route. */
async function startWorldServer() {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const count = Number(url.searchParams.get('count'));
    response.end(
      WORLD.slice(0, count)
        .map((item) => JSON.stringify(item))
        .join('\n'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Speculative runs at threshold 7 and base runs answer right (as 0.25 for a quarter). */
const api = (): Promise<FakeApi> =>
  startFakeApi((request) => {
    const item = WORLD.find((entry) => entry.problem === request.body.messages[0].content);
    const { mode, threshold } = request.body.specreason;
    const right = mode === 'base' || threshold === 7;
    const answer = item?.id === 'w1' ? '0.25' : item?.answer;
    return completion({
      content: right ? `\\boxed{${answer}}` : '\\boxed{0}',
      stepsProposed: 4,
      stepsAccepted: 3,
    });
  });

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

function io() {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    io: {
      stdout: { write: (text: string) => stdout.push(text) },
      stderr: { write: (text: string) => stderr.push(text) },
      env: {},
    },
  };
}

describe('npm run eval', () => {
  it('runs a simulated sweep end to end, prints the report path, and reuses every sample on a rerun', async () => {
    const fake = await api();
    const world = await startWorldServer();
    closers.push(fake.close, world.close);
    const out = await mkdtemp(join(tmpdir(), 'eval-command-'));
    const argv = [
      '--url',
      fake.url,
      '--api-key',
      fake.apiKey,
      '--dataset',
      'sim:arithmetic',
      '--sim-url',
      world.url,
      '--limit',
      '3',
      '--k',
      '2',
      '--thresholds',
      '3,7',
      '--concurrency',
      '2',
      '--out',
      out,
    ];
    const first = io();
    expect(await runEvalCommand(argv, first.io)).toBe(0);
    expect(first.stdout).toEqual([`${join(out, 'report.md')}\n`]);
    expect(fake.requests).toHaveLength(3 * 4 * 2);
    const markdown = await readFile(join(out, 'report.md'), 'utf8');
    expect(markdown).toMatch(/^# SpecReason Edge evaluation \(simulated\)/);
    expect(markdown).toContain('| base | 3 | 6 | 0 | 100.0% (simulated) |');
    expect(markdown).toContain('| speculative t3 | 3 | 6 | 0 | 0.0% (simulated) |');
    expect(markdown).toContain('| speculative t7 | 3 | 6 | 0 | 100.0% (simulated) |');

    const second = io();
    expect(await runEvalCommand(argv, second.io)).toBe(0);
    expect(fake.requests).toHaveLength(24);
    expect(second.stderr.join('')).toContain('24 samples reused, 0 run (0 failed) of 24');
  });

  it('rewrites the report from stored results without any request', async () => {
    const fake = await api();
    const world = await startWorldServer();
    closers.push(fake.close, world.close);
    const out = await mkdtemp(join(tmpdir(), 'eval-command-'));
    const common = ['--dataset', 'sim:arithmetic', '--out', out];
    const argv = [
      ...common,
      '--url',
      fake.url,
      '--api-key',
      fake.apiKey,
      '--sim-url',
      world.url,
      '--limit',
      '1',
      '--k',
      '1',
    ];
    await runEvalCommand(argv, io().io);
    const requests = fake.requests.length;
    const again = io();
    expect(await runEvalCommand(['--out', out, '--report-only'], again.io)).toBe(0);
    expect(fake.requests).toHaveLength(requests);
    expect(again.stdout).toEqual([`${join(out, 'report.md')}\n`]);
  });

  it('answers a usage mistake with status 2 and a pointer to --help', async () => {
    const run = io();
    expect(await runEvalCommand(['--dataset', 'math500'], run.io)).toBe(2);
    expect(run.stderr.join('')).toBe(
      'Give the API origin with --url (or SPECREASON_URL)\nRun with --help for usage.\n',
    );
  });
});
