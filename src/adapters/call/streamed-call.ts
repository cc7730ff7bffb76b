/**
 * The one pipeline of a model call, shared by every provider: retries around attempts, one
 * guard (timeouts, abort) per attempt, closed whatever happens. `runStreamedStep` adds the
 * streamed step on top: open the provider's payloads, read them with a fresh chunk reader, cut
 * at the stop strings. A provider brings only how to open a reply and how to read its chunks.
 */
import type { GenerateRequest, GenerateResult } from '../../core/ports.ts';
import type { SseDataReader } from '../http/sse-data-reader.ts';
import { type CallGuard, createCallGuard } from './call-guard.ts';
import type { ResolvedCallOptions } from './call-options.ts';
import { abortedError, type CallTarget } from './call-target.ts';
import { callWithRetries } from './retry.ts';
import type { StepDeltaReader } from './step-delta.ts';
import { readStepStream, type StepProgress } from './step-stream.ts';

export interface GuardedCall<T> {
  target: CallTarget;
  options: ResolvedCallOptions;
  /** The caller's abort signal. */
  signal: AbortSignal | undefined;
  /** Whether a failed attempt may be followed by another (false once text was handed on). */
  mayRetry: () => boolean;
  /** One attempt, under its own guard; every await on the backend goes through the guard. */
  attempt: (guard: CallGuard) => Promise<T>;
}

/** Runs a call with retries, each attempt under a fresh guard that is always closed. */
export function runGuardedCall<T>(call: GuardedCall<T>): Promise<T> {
  const { target, options, signal } = call;
  return callWithRetries(
    async () => {
      const guard = createCallGuard(target, options.timeouts, options.schedule, signal);
      try {
        return await call.attempt(guard);
      } finally {
        guard.close();
      }
    },
    {
      policy: options.retry,
      sleep: options.sleep,
      random: options.random,
      signal,
      mayRetry: call.mayRetry,
      onAborted: (cause) => abortedError(target, cause),
    },
  );
}

export interface StreamedStep {
  target: CallTarget;
  options: ResolvedCallOptions;
  request: GenerateRequest;
  /** Sends one attempt and opens its reply as payloads. */
  open: (guard: CallGuard) => Promise<SseDataReader>;
  /** A fresh reader per attempt (readers keep state across the chunks of one reply). */
  createReader: () => StepDeltaReader;
}

/** Streams one step or answer: never retried once text has been handed to the caller. */
export function runStreamedStep(step: StreamedStep): Promise<GenerateResult> {
  const { request, target } = step;
  const progress: StepProgress = { hasDeliveredText: false };
  return runGuardedCall({
    target,
    options: step.options,
    signal: request.signal,
    mayRetry: () => !progress.hasDeliveredText,
    attempt: async (guard) =>
      readStepStream({
        source: await step.open(guard),
        interpret: step.createReader(),
        stops: request.sampling.stop,
        onText: request.onText,
        guard,
        target,
        progress,
      }),
  });
}
