/**
 * One run slice of a turn in the Conversation Durable Object's alarm: the driver runs, bounded
 * in time, while the alarm is kept a little ahead as a heartbeat; a cancel stops it early. What
 * happens after a slice is the step machine's decision (`slice-ended`), not this file's.
 */

/** One alarm runs the loop this long at most, well inside the 15-minute alarm limit. */
const RUN_SLICE_MS = 10 * 60 * 1000;
/**
 * While a run is alive the alarm is kept this far ahead of now: if the object is evicted or
 * restarted mid-run, that alarm picks the turn up again from its last committed step.
 */
const HEARTBEAT_MS = 10_000;

export class RunSlice {
  /** A cancel arrived while the slice ran. */
  cancelRequested = false;
  private readonly controller = new AbortController();
  private readonly settled: Promise<void>;
  private settle!: () => void;

  constructor(readonly turnId: number) {
    this.settled = new Promise<void>((resolve) => (this.settle = resolve));
  }

  /**
   * Runs `drive` until it returns, the slice's time is up, or a cancel stops it; then `end`
   * (which stores the slice's end and sets the next alarm) before a waiting cancel answers.
   */
  async run(
    storage: DurableObjectStorage,
    steps: { drive: (signal: AbortSignal) => Promise<unknown>; end: () => Promise<void> },
  ): Promise<void> {
    const timer = setTimeout(() => this.controller.abort(), RUN_SLICE_MS);
    await storage.setAlarm(Date.now() + HEARTBEAT_MS);
    const heartbeat = setInterval(() => {
      void storage.setAlarm(Date.now() + HEARTBEAT_MS).catch(() => {});
    }, HEARTBEAT_MS / 3);
    try {
      await steps.drive(this.controller.signal);
    } finally {
      clearTimeout(timer);
      clearInterval(heartbeat);
    }
    try {
      await steps.end();
    } finally {
      this.settle();
    }
  }

  /** Stops the slice for a cancel; resolves once its end has been handled. */
  async cancel(): Promise<void> {
    this.cancelRequested = true;
    this.controller.abort();
    await this.settled;
  }
}
