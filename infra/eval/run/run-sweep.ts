/**
 * Runs a planned sweep against the API: skips the samples the results file already holds, runs
 * the rest with a concurrency limit, appends each result as it finishes and draws the progress
 * bar. Stopping (the signal) leaves a results file that the next run continues. A refused key
 * (401/403) stops the whole run at once: every other sample would fail the same way.
 */
import { runWithConcurrency } from './concurrency.ts';
import { createProgress, type ProgressOptions } from './progress.ts';
import { createResultsWriter, readResults } from './results-file.ts';
import { runSample, type SampleContext } from './run-sample.ts';
import type { SampleTask } from './sweep-plan.ts';

export interface SweepOptions extends SampleContext {
  tasks: readonly SampleTask[];
  resultsPath: string;
  concurrency: number;
  /** Run again the samples whose stored result is a failure (default true). */
  retryFailed?: boolean;
  progressStream: ProgressOptions['stream'];
}

export interface SweepSummary {
  /** Samples in the plan. */
  planned: number;
  /** Samples found finished in the results file. */
  reused: number;
  /** Samples finished by this run, successes and failures. */
  finished: number;
  failed: number;
  /** Lines of the results file that could not be read. */
  unreadableLines: number;
  /** True when the signal stopped the run before every sample finished. */
  isStopped: boolean;
  /** Why the run stopped by itself (the API refused the key), if it did. */
  fatalError?: string | undefined;
}

const FATAL_STATUSES = new Set([401, 403]);

export async function runSweep(options: SweepOptions): Promise<SweepSummary> {
  const stored = await readResults(options.resultsPath);
  const retryFailed = options.retryFailed ?? true;
  const isDone = (task: SampleTask) => {
    const result = stored.byKey.get(task.key);
    return result !== undefined && (result.status === 'ok' || !retryFailed);
  };
  const pending = options.tasks.filter((task) => !isDone(task));
  const reused = options.tasks.length - pending.length;
  const writer = await createResultsWriter(options.resultsPath);
  const progress = createProgress({
    total: options.tasks.length,
    alreadyDone: reused,
    stream: options.progressStream,
    now: options.now,
  });
  let finished = 0;
  let failed = 0;
  let fatalError: string | undefined;
  const halt = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, halt.signal]) : halt.signal;
  await runWithConcurrency(
    pending,
    options.concurrency,
    async (task) => {
      const result = await runSample(task, { ...options, signal });
      if (result === undefined) return;
      if (result.error?.status !== undefined && FATAL_STATUSES.has(result.error.status ?? 0)) {
        fatalError ??= result.error.message;
        halt.abort();
        return;
      }
      await writer.append(result);
      finished++;
      if (result.status === 'failed') failed++;
      progress.tick(result.status);
    },
    signal,
  );
  progress.finish();
  return {
    planned: options.tasks.length,
    reused,
    finished,
    failed,
    unreadableLines: stored.unreadableLines,
    isStopped: reused + finished < options.tasks.length,
    fatalError,
  };
}
