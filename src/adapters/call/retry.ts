/**
 * Retries of one model call: exponential backoff with jitter, the server's `retry-after`
 * honoured, bounded by `maxRetries`. Never retries an abort, a non-retryable error, a malformed
 * reply (the turn pauses and tries it later instead), or a call whose caller has already been
 * handed text (`mayRetry` says so): the caller then decides.
 */
import { isModelCallError, type ModelCallError } from '../../core/errors.ts';
import type { RetryPolicy, Sleep } from './call-options.ts';

/** A server asking for a longer wait than this is not retried: the caller hears of it at once. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * The wait before retry number `retryIndex` (0 for the first retry): the server's request when
 * it made one, otherwise `initial · 2^retryIndex` capped at `maxDelayMs`, jittered into its
 * upper half so that many clients do not retry in step.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  retryIndex: number,
  random: () => number,
  retryAfterMs: number | undefined,
): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** retryIndex);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface RetryContext {
  policy: RetryPolicy;
  sleep: Sleep;
  random: () => number;
  signal: AbortSignal | undefined;
  /** Whether the failed attempt left the caller in a state where a fresh attempt is sound. */
  mayRetry: () => boolean;
  /** The error to throw when the caller's signal aborts during a backoff wait. */
  onAborted: (cause: unknown) => ModelCallError;
}

export async function callWithRetries<T>(
  attempt: (attemptIndex: number) => Promise<T>,
  context: RetryContext,
): Promise<T> {
  for (let attemptIndex = 0; ; attemptIndex++) {
    try {
      return await attempt(attemptIndex);
    } catch (error) {
      if (!shouldRetry(error, attemptIndex, context)) throw error;
      const delay = retryDelayMs(context.policy, attemptIndex, context.random, error.retryAfterMs);
      try {
        await context.sleep(delay, context.signal);
      } catch (cause) {
        throw context.onAborted(cause);
      }
      if (context.signal?.aborted) throw context.onAborted(context.signal.reason);
    }
  }
}

/**
 * Whether a failure is worth another attempt at all: a retryable `ModelCallError` that is not
 * an abort and whose server did not ask for a wait longer than `MAX_RETRY_AFTER_MS`. Shared by
 * the retry loop and the replica pool's failover.
 */
export function isWorthRetrying(error: unknown): error is ModelCallError {
  if (!isModelCallError(error)) return false;
  if (error.code === 'aborted' || !error.isRetryable) return false;
  return error.retryAfterMs === undefined || error.retryAfterMs <= MAX_RETRY_AFTER_MS;
}

function shouldRetry(
  error: unknown,
  attemptIndex: number,
  context: RetryContext,
): error is ModelCallError {
  if (!isWorthRetrying(error) || error.code === 'protocol') return false;
  if (attemptIndex >= context.policy.maxRetries) return false;
  return context.mayRetry();
}
