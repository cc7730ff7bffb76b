/**
 * The `npm run eval` command: load the datasets, plan the sweep, run what the results file does
 * not hold yet, and write the report; print the report's path on stdout (progress goes to stderr).
 * A stop signal (Ctrl-C) ends the run cleanly with a report of what finished.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import {
  type Environment,
  type EvalOptions,
  HELP,
  parseOptions,
  UsageError,
} from './cli-options.ts';
import { loadDataset } from './datasets/load-datasets.ts';
import type { LoadedDataset } from './datasets/problem.ts';
import type { RunDescription } from './report/report-model.ts';
import { writeReport } from './report/write-report.ts';
import { createApiClient } from './run/api-client.ts';
import { readResults } from './run/results-file.ts';
import { DEFAULT_RETRY_POLICY } from './run/run-sample.ts';
import { runSweep } from './run/run-sweep.ts';
import { planSweep, sweepConfigs } from './run/sweep-plan.ts';

export interface CommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean | undefined };
  env: Environment;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

/** Runs the command; resolves to the exit status (0 done, 1 failed, 2 usage, 130 stopped). */
export async function runEvalCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  let options: EvalOptions;
  try {
    const parsed = parseOptions(argv, io.env);
    if (parsed === 'help') {
      io.stdout.write(HELP);
      return 0;
    }
    options = parsed;
  } catch (error) {
    io.stderr.write(
      `${error instanceof Error ? error.message : String(error)}\nRun with --help for usage.\n`,
    );
    return error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
      ? 2
      : 1;
  }
  const resultsPath = join(options.out, 'results.jsonl');
  const runPath = join(options.out, 'run.json');
  if (options.reportOnly) {
    const run = JSON.parse(await readFile(runPath, 'utf8')) as RunDescription;
    const results = [...(await readResults(resultsPath)).byKey.values()];
    const written = await writeReport(options.out, results, run, new Date());
    io.stdout.write(`${written.markdownPath}\n`);
    return 0;
  }
  const datasets: LoadedDataset[] = [];
  for (const spec of options.datasets) {
    const dataset = await loadDataset(spec, {
      selection: { subset: options.subset, offset: options.offset, limit: options.limit },
      seed: options.seed,
      shuffleChoices: options.shuffleChoices,
      simulatorUrl: options.simulatorUrl,
      huggingFaceToken: options.huggingFaceToken,
      ...(io.fetch ? { fetch: io.fetch } : {}),
    });
    io.stderr.write(`Loaded ${dataset.problems.length} problems of ${dataset.name} (${spec})\n`);
    datasets.push(dataset);
  }
  const configs = sweepConfigs(options.modes, options.thresholds, options);
  const tasks = planSweep(datasets, configs, options.samples, options.seed);
  const run: RunDescription = {
    url: options.url,
    model: options.model,
    datasets: datasets.map((dataset, index) => ({
      name: dataset.name,
      spec: options.datasets[index] ?? dataset.name,
      problems: dataset.problems.length,
      isSimulated: dataset.isSimulated || options.isSimulated,
    })),
    samples: options.samples,
    modes: options.modes,
    thresholds: options.thresholds,
    scoreMethod: options.scoreMethod,
    firstNBaseSteps: options.firstNBaseSteps,
    tokenBudget: options.tokenBudget,
    semantics: options.semantics,
    seed: options.seed,
    shuffleChoices: options.shuffleChoices,
    concurrency: options.concurrency,
    isSimulated: options.isSimulated || datasets.some((dataset) => dataset.isSimulated),
    startedAt: new Date().toISOString(),
  };
  await mkdir(options.out, { recursive: true });
  await writeFile(runPath, `${JSON.stringify(run, null, 2)}\n`);
  const summary = await runSweep({
    client: createApiClient({
      url: options.url,
      apiKey: options.apiKey,
      timeoutMs: options.timeoutMs,
      ...(io.fetch ? { fetch: io.fetch } : {}),
    }),
    model: options.model,
    retry: { ...DEFAULT_RETRY_POLICY, retries: options.retries },
    sleep: (milliseconds, signal) =>
      delay(milliseconds, undefined, { signal }).catch(() => undefined),
    now: () => performance.now(),
    date: () => new Date(),
    signal: io.signal,
    tasks,
    resultsPath,
    concurrency: options.concurrency,
    retryFailed: options.retryFailed,
    progressStream: io.stderr,
  });
  if (summary.unreadableLines > 0) {
    io.stderr.write(
      `Skipped ${summary.unreadableLines} unreadable line(s) of ${resultsPath}; those samples ran again\n`,
    );
  }
  const planned = new Set(tasks.map((task) => task.key));
  const results = [...(await readResults(resultsPath)).byKey.values()].filter((result) =>
    planned.has(result.key),
  );
  const written = await writeReport(options.out, results, run, new Date());
  io.stderr.write(
    `${summary.reused} samples reused, ${summary.finished} run (${summary.failed} failed) of ${summary.planned}\n`,
  );
  if (summary.fatalError !== undefined) {
    io.stderr.write(`Stopped: ${summary.fatalError}\nCheck --url and --api-key.\n`);
    return 1;
  }
  if (summary.isStopped) {
    io.stderr.write('Stopped early: run the same command again to continue.\n');
  }
  io.stdout.write(`${written.markdownPath}\n`);
  return summary.isStopped ? 130 : 0;
}
