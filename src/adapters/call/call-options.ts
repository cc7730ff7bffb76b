/**
 * The knobs every adapter shares: timeouts, retry policy, and the clock, timer, sleep and
 * randomness it uses, each injectable so tests never really wait. Defaults live here only.
 */

/** Schedules `callback` after `delayMs`; returns a function that cancels it. */
export type Scheduler = (delayMs: number, callback: () => void) => () => void;

/** Waits `delayMs`; rejects (with the signal's reason) when `signal` aborts first. */
export type Sleep = (delayMs: number, signal?: AbortSignal) => Promise<void>;

export interface CallTimeouts {
  /** From the start of an attempt until the first generated text (or the reply, when not streamed). */
  firstTokenMs: number;
  /** From the start of an attempt until the call is complete. */
  totalMs: number;
}

export interface RetryPolicy {
  /** Attempts after the first; 0 disables retries. */
  maxRetries: number;
  /** The first backoff before jitter; it doubles per retry. */
  initialDelayMs: number;
  /** The backoff never exceeds this (a server's `retry-after` may). */
  maxDelayMs: number;
}

/** Optional settings as adapters take them from their configuration. */
export interface CallOptions {
  timeouts?: Partial<CallTimeouts> | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  sleep?: Sleep | undefined;
  /** Uniform in [0, 1), for backoff jitter. */
  random?: (() => number) | undefined;
  schedule?: Scheduler | undefined;
  /** Milliseconds since the epoch, for `retry-after` dates. */
  now?: (() => number) | undefined;
}

/** The same settings with every default filled in. */
export interface ResolvedCallOptions {
  timeouts: CallTimeouts;
  retry: RetryPolicy;
  sleep: Sleep;
  random: () => number;
  schedule: Scheduler;
  now: () => number;
}

export const FIRST_TOKEN_TIMEOUT_MS = 60_000;
export const TOTAL_TIMEOUT_MS = 600_000;
export const MAX_RETRIES = 2;
export const INITIAL_RETRY_DELAY_MS = 500;
export const MAX_RETRY_DELAY_MS = 8_000;

export function resolveCallOptions(options: CallOptions): ResolvedCallOptions {
  return {
    timeouts: {
      firstTokenMs: options.timeouts?.firstTokenMs ?? FIRST_TOKEN_TIMEOUT_MS,
      totalMs: options.timeouts?.totalMs ?? TOTAL_TIMEOUT_MS,
    },
    retry: {
      maxRetries: options.retry?.maxRetries ?? MAX_RETRIES,
      initialDelayMs: options.retry?.initialDelayMs ?? INITIAL_RETRY_DELAY_MS,
      maxDelayMs: options.retry?.maxDelayMs ?? MAX_RETRY_DELAY_MS,
    },
    sleep: options.sleep ?? sleepWithTimer,
    random: options.random ?? Math.random,
    schedule: options.schedule ?? scheduleWithTimer,
    now: options.now ?? Date.now,
  };
}

export const scheduleWithTimer: Scheduler = (delayMs, callback) => {
  const handle = setTimeout(callback, delayMs);
  return () => clearTimeout(handle);
};

export const sleepWithTimer: Sleep = (delayMs, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(handle);
      reject(signal?.reason);
    };
    const handle = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, delayMs);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
