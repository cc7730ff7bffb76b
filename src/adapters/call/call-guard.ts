/**
 * The guard of one attempt: first-token and total timeouts, the caller's abort, and the
 * upstream abort once the attempt is over. Every await on the backend goes through `race` or,
 * for the reads of a stream, ends when `signal` aborts (the step reader cancels its body then),
 * so a hung server (or a fetch that ignores its signal) cannot outlive the guard.
 */
import type { ModelCallError } from '../../core/errors.ts';
import type { CallTimeouts, Scheduler } from './call-options.ts';
import { abortedError, type CallTarget, timeoutError } from './call-target.ts';

/**
 * The reason a finished attempt aborts its upstream request. One shared value: an `Error` made
 * per call would capture a stack trace on every model call, for a reason nobody reads.
 */
const CALL_COMPLETE = new Error('The model call is complete');

export interface CallGuard {
  /** Passed to fetch or the binding: aborts the upstream request. Aborted when the guard trips. */
  readonly signal: AbortSignal;
  /** Settles like `promise`, or rejects with the guard's error once it trips. */
  race<T>(promise: Promise<T>): Promise<T>;
  /** The first token (or the reply) arrived: the first-token timeout no longer applies. */
  markFirstToken(): void;
  /** Why the guard tripped (timeout or abort); `undefined` while it has not. */
  readonly error: ModelCallError | undefined;
  /** Ends the attempt: cancels the timers and aborts the upstream request if still open. */
  close(): void;
}

export function createCallGuard(
  target: CallTarget,
  timeouts: CallTimeouts,
  schedule: Scheduler,
  callerSignal: AbortSignal | undefined,
): CallGuard {
  const controller = new AbortController();
  let tripError: ModelCallError | undefined;
  let rejectTripped: (error: ModelCallError) => void = () => {};
  const tripped = new Promise<never>((_, reject) => {
    rejectTripped = reject;
  });
  // Nobody may be racing when the guard trips; the rejection is still observed through `error`.
  tripped.catch(() => {});

  const trip = (error: ModelCallError) => {
    if (tripError !== undefined) return;
    tripError = error;
    cancelTimers();
    rejectTripped(error);
    controller.abort(error);
  };
  const onCallerAbort = () => trip(abortedError(target, callerSignal?.reason));

  let cancelFirstToken = schedule(timeouts.firstTokenMs, () =>
    trip(timeoutError(target, 'first-token', timeouts.firstTokenMs)),
  );
  const cancelTotal = schedule(timeouts.totalMs, () =>
    trip(timeoutError(target, 'total', timeouts.totalMs)),
  );
  function cancelTimers() {
    cancelFirstToken();
    cancelTotal();
    callerSignal?.removeEventListener('abort', onCallerAbort);
  }
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });

  return {
    signal: controller.signal,
    race: (promise) => Promise.race([promise, tripped]),
    markFirstToken() {
      cancelFirstToken();
      cancelFirstToken = () => {};
    },
    get error() {
      return tripError;
    },
    close() {
      cancelTimers();
      if (!controller.signal.aborted) controller.abort(CALL_COMPLETE);
    },
  };
}
