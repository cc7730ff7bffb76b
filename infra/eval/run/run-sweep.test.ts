import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deferred } from '../../../test/support/deferred.ts';
import type { EvalProblem, LoadedDataset } from '../datasets/problem.ts';
import {
  completion,
  errorReply,
  type FakeApi,
  type FakeRequest,
  type FakeResponder,
  useFakeApi,
} from '../testing/fake-specreason-api.ts';
import { createApiClient } from './api-client.ts';
import { readResults, type SampleResult } from './results-file.ts';
import { runSweep } from './run-sweep.ts';
import { planSweep, sweepConfigs } from './sweep-plan.ts';

const PROBLEMS: EvalProblem[] = [
  { dataset: 'math500', id: 'p1', kind: 'math', question: 'Half of one?', answer: '\\frac{1}{2}' },
  { dataset: 'math500', id: 'p2', kind: 'math', question: 'One plus two?', answer: '3' },
  {
    dataset: 'gpqa-diamond',
    id: 'g1',
    kind: 'multiple-choice',
    question: 'Which is a noble gas?',
    answer: 'C',
    choices: { A: 'N', B: 'O', C: 'Ar', D: 'H' },
  },
];
const DATASETS: LoadedDataset[] = [
  { name: 'math500', problems: PROBLEMS.slice(0, 2), isSimulated: false },
  { name: 'gpqa-diamond', problems: PROBLEMS.slice(2), isSimulated: false },
];
const SETTINGS = {
  scoreMethod: 'greedy',
  firstNBaseSteps: 0,
  tokenBudget: 8192,
  semantics: 'product',
} as const;
const CONFIGS = sweepConfigs(['base', 'draft', 'speculative'], [3, 7], SETTINGS);
const TASKS = planSweep(DATASETS, CONFIGS, 2, 11);

/** Base and speculative runs at threshold 5 or more answer right; draft and threshold 3 do not. */
function isRightFor(request: FakeRequest): boolean {
  const { mode, threshold } = request.body.specreason;
  return mode === 'base' || (mode === 'speculative' && (threshold ?? 0) >= 5);
}

const answerDeterministically: FakeResponder = (request) => {
  const problem = PROBLEMS.find((item) => item.question === request.body.messages[0].content);
  const right = problem?.kind === 'multiple-choice' ? 'C' : problem?.id === 'p1' ? '0.5' : '3';
  const answer = isRightFor(request) ? right : problem?.kind === 'multiple-choice' ? 'A' : '999';
  return completion({
    content: `So \\boxed{${answer}}.`,
    reasoning: 'Think.\n\nDone.',
    draftTokens: 5,
  });
};

const startApi = useFakeApi();

async function resultsPath(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'eval-run-')), 'results.jsonl');
}

function sweep(
  fake: FakeApi,
  path: string,
  overrides: Partial<Parameters<typeof runSweep>[0]> = {},
) {
  let clock = 0;
  const sleeps: number[] = [];
  const progress: string[] = [];
  const options = {
    client: createApiClient({ url: fake.url, apiKey: fake.apiKey, timeoutMs: 5000 }),
    model: 'specreason',
    retry: { retries: 2, baseDelayMs: 1000, maxDelayMs: 30_000 },
    sleep: async (milliseconds: number) => {
      sleeps.push(milliseconds);
    },
    now: () => (clock += 100),
    date: () => new Date('2025-01-01T00:00:00Z'),
    tasks: TASKS,
    resultsPath: path,
    concurrency: 2,
    progressStream: { write: (text: string) => progress.push(text) },
    ...overrides,
  };
  return { run: runSweep(options), sleeps, progress };
}

const stored = async (path: string): Promise<SampleResult[]> => [
  ...(await readResults(path)).byKey.values(),
];

describe('running a sweep', () => {
  it('requests every sample of every configuration once and grades each reply', async () => {
    const api = await startApi(answerDeterministically);
    const path = await resultsPath();
    const { run, progress } = sweep(api, path);
    expect(await run).toMatchObject({ planned: 24, reused: 0, finished: 24, isStopped: false });
    expect(api.requests).toHaveLength(24);
    const results = await stored(path);
    expect(results).toHaveLength(24);
    for (const result of results) {
      const right =
        result.mode === 'base' || (result.mode === 'speculative' && result.threshold === 7);
      expect(result.isCorrect).toBe(right);
    }
    expect(progress.at(-1)).toContain('24/24 100%');
  });

  it('gives every configuration of one sample the same request seed', async () => {
    const api = await startApi(answerDeterministically);
    await sweep(api, await resultsPath()).run;
    const seeds = api.requests
      .filter((request) => request.body.messages[0].content === 'Half of one?')
      .map((request) => request.body.specreason.seed);
    expect(new Set(seeds).size).toBe(2);
  });

  it('continues a stopped run with only the samples it had not finished', async () => {
    const stop = new AbortController();
    const api = await startApi((request, index) => {
      if (index === 4) stop.abort();
      return answerDeterministically(request, index);
    });
    const path = await resultsPath();
    const first = await sweep(api, path, { concurrency: 1, signal: stop.signal }).run;
    expect(first).toMatchObject({ finished: 4, isStopped: true });
    const keysBefore = (await stored(path)).map((result) => result.key);
    const requestsBefore = api.requests.length;

    const second = await sweep(api, path).run;
    expect(second).toMatchObject({ reused: 4, finished: 20, isStopped: false });
    expect(api.requests.length - requestsBefore).toBe(20);
    const all = await stored(path);
    expect(all.map((result) => result.key).sort()).toEqual(TASKS.map((task) => task.key).sort());
    const fileLines = (await readFile(path, 'utf8')).trim().split('\n');
    expect(fileLines).toHaveLength(24);
    expect(keysBefore).toEqual(TASKS.slice(0, 4).map((task) => task.key));
  });

  it('runs again a sample whose line a crash tore, and keeps the lines after it readable', async () => {
    const api = await startApi(answerDeterministically);
    const path = await resultsPath();
    await sweep(api, path).run;
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    const torn = `${lines.slice(0, 9).join('\n')}\n${lines[9]?.slice(0, 40)}`;
    await writeFile(path, torn);
    const requestsBefore = api.requests.length;
    const summary = await sweep(api, path).run;
    expect(summary).toMatchObject({ reused: 9, finished: 15, unreadableLines: 1 });
    expect(api.requests.length - requestsBefore).toBe(15);
    expect(await stored(path)).toHaveLength(24);
  });

  it('never has more requests in flight than the concurrency limit', async () => {
    const total = TASKS.length;
    let arrived = 0;
    let waiting: Array<() => void> = [];
    const api = await startApi(async (request, index) => {
      arrived++;
      const gate = deferred();
      waiting.push(gate.resolve);
      // Hold replies until three are waiting (or nothing more can come), then release them together.
      if (waiting.length === 3 || arrived === total) {
        for (const release of waiting) release();
        waiting = [];
      }
      await gate.promise;
      return answerDeterministically(request, index);
    });
    const summary = await sweep(api, await resultsPath(), { concurrency: 3 }).run;
    expect(summary.finished).toBe(total);
    expect(api.maxInFlight()).toBe(3);
  });
});

describe('failures', () => {
  it('retries 5xx and 429, waiting as the server asks, and records the attempts', async () => {
    const calls = new Map<string, number>();
    const api = await startApi((request, index) => {
      const key = `${request.body.messages[0].content}|${request.body.specreason.seed}`;
      const count = (calls.get(key) ?? 0) + 1;
      calls.set(key, count);
      if (request.body.messages[0].content === 'One plus two?' && count === 1) {
        return errorReply(503, 'Base model unavailable', 'server_error');
      }
      if (request.body.messages[0].content === 'One plus two?' && count === 2) {
        return errorReply(429, 'Slow down', 'rate_limit_error', null, { 'retry-after': '7' });
      }
      return answerDeterministically(request, index);
    });
    const path = await resultsPath();
    const tasks = TASKS.filter((task) => task.config.mode === 'base' && task.sample === 0);
    const { run, sleeps } = sweep(api, path, { tasks, concurrency: 1 });
    expect(await run).toMatchObject({ finished: 3, failed: 0 });
    const attempts = (await stored(path)).map((result) => [result.problemId, result.attempts]);
    expect(attempts).toEqual([
      ['p1', 1],
      ['p2', 3],
      ['g1', 1],
    ]);
    expect(sleeps).toEqual([1000, 7000]);
  });

  it('records a sample that keeps failing and goes on with the others', async () => {
    const api = await startApi((request, index) =>
      request.body.messages[0].content === 'Which is a noble gas?'
        ? errorReply(500, 'Judge exploded', 'server_error', 'internal')
        : answerDeterministically(request, index),
    );
    const path = await resultsPath();
    const summary = await sweep(api, path).run;
    expect(summary).toMatchObject({ finished: 24, failed: 8 });
    const failures = (await stored(path)).filter((result) => result.status === 'failed');
    expect(failures).toHaveLength(8);
    expect(failures[0]).toMatchObject({
      dataset: 'gpqa-diamond',
      attempts: 3,
      isCorrect: null,
      error: { status: 500, type: 'server_error', code: 'internal' },
    });
    expect(failures[0]?.error?.message).toContain('Judge exploded');
  });

  it('does not retry a request the server rejects as invalid', async () => {
    const api = await startApi(() => errorReply(400, 'Unknown knob', 'invalid_request_error'));
    const path = await resultsPath();
    const tasks = TASKS.slice(0, 1);
    const { run, sleeps } = sweep(api, path, { tasks });
    expect(await run).toMatchObject({ failed: 1 });
    expect(api.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('stops the whole run at the first refused key and records nothing for it', async () => {
    const api = await startApi(answerDeterministically);
    const path = await resultsPath();
    const client = createApiClient({ url: api.url, apiKey: 'sk-wrong', timeoutMs: 5000 });
    const summary = await sweep(api, path, { client, concurrency: 1 }).run;
    expect(summary).toMatchObject({ finished: 0, isStopped: true });
    expect(summary.fatalError).toContain('Request failed with status 401');
    expect(await stored(path)).toEqual([]);
  });

  it('runs failed samples again on the next run unless told to keep them', async () => {
    let failing = true;
    const api = await startApi((request, index) =>
      failing
        ? errorReply(400, 'Not yet', 'invalid_request_error')
        : answerDeterministically(request, index),
    );
    const path = await resultsPath();
    const tasks = TASKS.slice(0, 3);
    await sweep(api, path, { tasks }).run;
    failing = false;
    expect(await sweep(api, path, { tasks, retryFailed: false }).run).toMatchObject({
      finished: 0,
    });
    expect(await sweep(api, path, { tasks }).run).toMatchObject({ finished: 3, failed: 0 });
    expect((await stored(path)).every((result) => result.status === 'ok')).toBe(true);
  });
});
