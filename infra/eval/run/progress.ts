/**
 * The progress bar on stderr: done/total, failures, elapsed time and an ETA from this session's
 * pace (samples finished by an earlier session do not count toward the pace). On a terminal the
 * line is redrawn in place; elsewhere (CI logs) a line is printed every tenth of the run, and at
 * least once a minute while samples finish.
 */

const PLAIN_LINE_INTERVAL_MS = 60_000;

export interface ProgressOptions {
  total: number;
  /** Samples already finished by an earlier session of the same run. */
  alreadyDone: number;
  stream: { write(text: string): unknown; isTTY?: boolean | undefined };
  /** Milliseconds, monotonic. */
  now: () => number;
  width?: number;
}

export interface Progress {
  tick(outcome: 'ok' | 'failed'): void;
  finish(): void;
}

export function createProgress(options: ProgressOptions): Progress {
  const width = options.width ?? 24;
  const startedAt = options.now();
  let done = options.alreadyDone;
  let failed = 0;
  let lastTenth = -1;
  let lastPrinted = -1;
  let lastPrintedAt = startedAt;
  const render = () => {
    const elapsedMs = options.now() - startedAt;
    const finishedHere = done - options.alreadyDone;
    const remaining = options.total - done;
    const fraction = options.total === 0 ? 1 : done / options.total;
    const filled = Math.round(fraction * width);
    const eta = finishedHere === 0 ? '?' : formatDuration((elapsedMs / finishedHere) * remaining);
    return (
      `eval [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${options.total} ` +
      `${Math.floor(fraction * 100)}% · ${failed} failed · ${formatDuration(elapsedMs)} elapsed · ETA ${eta}`
    );
  };
  const draw = (isFinal: boolean) => {
    if (options.stream.isTTY) {
      options.stream.write(`\r${render()}\u001b[K${isFinal ? '\n' : ''}`);
      return;
    }
    const tenth = options.total === 0 ? 10 : Math.floor((done / options.total) * 10);
    const isDue = options.now() - lastPrintedAt >= PLAIN_LINE_INTERVAL_MS;
    if ((isFinal && lastPrinted !== done) || tenth > lastTenth || (isDue && lastPrinted !== done)) {
      lastTenth = tenth;
      lastPrinted = done;
      lastPrintedAt = options.now();
      options.stream.write(`${render()}\n`);
    }
  };
  draw(false);
  return {
    tick(outcome) {
      done++;
      if (outcome === 'failed') failed++;
      draw(false);
    },
    finish() {
      draw(true);
    },
  };
}

/** `42s`, `3m05s`, `1h02m`. */
export function formatDuration(milliseconds: number): string {
  const seconds = Math.max(0, Math.round(milliseconds / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
