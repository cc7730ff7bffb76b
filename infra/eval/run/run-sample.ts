/**
 * Runs one sample: the request with bounded retries (429, 5xx, timeouts and dropped connections;
 * the server's retry-after first, else exponential backoff), the client-side latency of the
 * attempt that succeeded, and the graded result. A failure becomes a failed result, never a throw;
 * only an abort (the run is stopping) returns nothing, so the sample runs again next time.
 */
import { gradeReasoningOnly, gradeResponse, lastStep } from '../grading/grade-response.ts';
import { ApiCallError, type ApiClient } from './api-client.ts';
import { buildRequestBody } from './request-body.ts';
import type { SampleResult } from './results-file.ts';
import type { SampleTask } from './sweep-plan.ts';

const KEPT_TEXT_CHARACTERS = 4000;

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 4,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
};

export interface SampleContext {
  client: ApiClient;
  model: string;
  retry: RetryPolicy;
  /** Waits between attempts; injected so tests never sleep. */
  sleep: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
  /** Milliseconds, monotonic. */
  now: () => number;
  /** Wall-clock time for `finishedAt`. */
  date: () => Date;
  signal?: AbortSignal | undefined;
}

/** The graded result, or undefined when the run was aborted before the sample finished. */
export async function runSample(
  task: SampleTask,
  context: SampleContext,
): Promise<SampleResult | undefined> {
  const body = buildRequestBody(task, context.model);
  for (let attempt = 1; ; attempt++) {
    const startedAt = context.now();
    try {
      const reply = await context.client.complete(body, context.signal);
      const latencyMs = context.now() - startedAt;
      const grade = gradeResponse(task.problem, reply);
      return {
        ...describe(task, context, attempt),
        status: 'ok',
        isCorrect: grade.isCorrect,
        extracted: grade.extracted ?? null,
        foundIn: grade.foundIn,
        isCorrectWithoutAnswerPhase: gradeReasoningOnly(task.problem, reply.reasoning).isCorrect,
        latencyMs,
        serverElapsedMs: reply.serverElapsedMs ?? null,
        usage: reply.usage,
        finishReason: reply.finishReason ?? null,
        conversationId: reply.conversationId ?? null,
        content: reply.content.slice(-KEPT_TEXT_CHARACTERS),
        lastStep: lastStep(reply.reasoning).slice(-KEPT_TEXT_CHARACTERS),
      };
    } catch (thrown) {
      const error =
        thrown instanceof ApiCallError
          ? thrown
          : new ApiCallError(String(thrown), { isRetryable: false });
      if (error.details.isAbort || context.signal?.aborted) return undefined;
      if (!error.details.isRetryable || attempt > context.retry.retries) {
        return failed(task, context, attempt, error);
      }
      const backoff = Math.min(
        context.retry.maxDelayMs,
        context.retry.baseDelayMs * 2 ** (attempt - 1),
      );
      await context.sleep(error.details.retryAfterMs ?? backoff, context.signal);
      if (context.signal?.aborted) return undefined;
    }
  }
}

function failed(
  task: SampleTask,
  context: SampleContext,
  attempts: number,
  error: ApiCallError,
): SampleResult {
  return {
    ...describe(task, context, attempts),
    status: 'failed',
    isCorrect: null,
    extracted: null,
    foundIn: null,
    isCorrectWithoutAnswerPhase: null,
    latencyMs: null,
    serverElapsedMs: null,
    usage: null,
    finishReason: null,
    conversationId: null,
    content: null,
    lastStep: null,
    error: {
      message: error.message,
      status: error.details.status ?? null,
      type: error.details.type ?? null,
      code: error.details.code ?? null,
    },
  };
}

function describe(task: SampleTask, context: SampleContext, attempts: number) {
  return {
    key: task.key,
    dataset: task.problem.dataset,
    problemId: task.problem.id,
    mode: task.config.mode,
    threshold: task.config.threshold ?? null,
    scoreMethod: task.config.scoreMethod,
    firstNBaseSteps: task.config.firstNBaseSteps,
    tokenBudget: task.config.tokenBudget,
    semantics: task.config.semantics,
    sample: task.sample,
    seed: task.seed,
    expected: task.problem.answer,
    attempts,
    error: null,
    finishedAt: context.date().toISOString(),
  };
}
