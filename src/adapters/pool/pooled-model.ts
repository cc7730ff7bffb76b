/**
 * A model role served by several replicas: one `StepModel & StepJudge` that sends each call of a
 * conversation to the replica the pool picks (its sticky, rendezvous-ordered choice), and when a
 * replica fails before any text reached the caller, tries the next replica of the conversation's
 * order at once. Only when every callable replica has failed does it back off, as a single
 * adapter's retries do; a call that already delivered text is never repeated here (the step
 * machine resumes the turn from its last committed step). The replicas' own adapters must not
 * retry (maxRetries 0): retrying here is what moves the retry to the next replica.
 */
import { isModelCallError, ModelCallError } from '../../core/errors.ts';
import type {
  GenerateRequest,
  GenerateResult,
  JudgeRequest,
  JudgeResult,
  StepJudge,
  StepModel,
} from '../../core/ports.ts';
import type { RetryPolicy, Sleep } from '../call/call-options.ts';
import { isWorthRetrying, retryDelayMs } from '../call/retry.ts';
import type { CallOutcome, ReplicaPool } from './replica-pool.ts';
import type { HealthReport } from './shared-breaker.ts';

export type PooledReplicaModel = StepModel & StepJudge;

export interface PooledModelOptions {
  pool: ReplicaPool;
  /** The adapter of each replica, by replica id (built with maxRetries 0). */
  models: ReadonlyMap<string, PooledReplicaModel>;
  /** Names the role and its setting in errors: `Base model request (BASE_URLS)`. */
  operation: string;
  retry: RetryPolicy;
  sleep: Sleep;
  random: () => number;
  /** Hears every failure and the first success after one: the shared health's input. */
  onReport?: ((report: HealthReport) => void) | undefined;
  /**
   * Told when a call to a replica starts; the function it returns, when that call ends: the
   * shared load's input. Must not block (it runs on every call).
   */
  onCallStart?: (() => () => void) | undefined;
}

export function createPooledModel(options: PooledModelOptions): PooledReplicaModel {
  const { pool, models } = options;
  const modelId = models.values().next().value?.modelId ?? '';
  const modelOf = (id: string): PooledReplicaModel => {
    const model = models.get(id);
    if (model === undefined) throw new RangeError(`No adapter for replica ${id}`);
    return model;
  };

  async function failover<T>(
    key: string | undefined,
    signal: AbortSignal | undefined,
    isTimed: boolean,
    mayRetry: () => boolean,
    run: (model: PooledReplicaModel) => Promise<T>,
  ): Promise<T> {
    const tried = new Set<string>();
    let lastError: ModelCallError | undefined;
    for (let round = 0; ; ) {
      const replica = pool.acquire(key, tried);
      if (replica === undefined) {
        if (lastError === undefined) throw everyReplicaDown();
        if (round >= options.retry.maxRetries) throw lastError;
        const delay = retryDelayMs(options.retry, round, options.random, lastError.retryAfterMs);
        await options.sleep(delay, signal).catch((cause: unknown) => {
          throw aborted(cause);
        });
        round++;
        tried.clear();
        continue;
      }
      const end = pool.begin(replica.id, isTimed);
      const callEnded = options.onCallStart?.();
      const finish = (outcome: CallOutcome) => {
        const report = end(outcome);
        callEnded?.();
        if (report !== undefined) options.onReport?.(report);
      };
      try {
        const result = await run(modelOf(replica.id));
        finish('success');
        pool.place(key, replica.id);
        return result;
      } catch (error) {
        finish(outcomeOf(error));
        if (!isWorthRetrying(error) || !mayRetry()) throw error;
        tried.add(replica.id);
        lastError = error;
      }
    }
  }

  function everyReplicaDown(): ModelCallError {
    const waitMs = pool.msUntilCallable();
    return new ModelCallError({
      code: 'network',
      message: `${options.operation} found every replica marked down (next probe in ${Math.ceil(waitMs / 1000)} s)`,
      isRetryable: true,
      retryAfterMs: waitMs,
    });
  }

  function aborted(cause: unknown): ModelCallError {
    return new ModelCallError({
      code: 'aborted',
      message: `${options.operation} was aborted`,
      isRetryable: false,
      cause,
    });
  }

  return {
    modelId,
    // Replicas of one pool share an API mode, so they agree on this.
    closesThinking: [...models.values()].every((model) => model.closesThinking === true),
    generate(request: GenerateRequest): Promise<GenerateResult> {
      let delivered = false;
      const onText =
        request.onText === undefined
          ? undefined
          : (text: string) => {
              delivered = true;
              request.onText?.(text);
            };
      return failover(
        request.affinityKey,
        request.signal,
        false,
        () => !delivered,
        (model) => model.generate({ ...request, onText }),
      );
    },
    judge(request: JudgeRequest): Promise<JudgeResult> {
      return failover(
        request.affinityKey,
        request.signal,
        true,
        () => true,
        (model) => model.judge(request),
      );
    },
  };
}

/**
 * What an error says about the replica: a 4xx other than 429 came from a live server (the request
 * was at fault), a 429 is a busy one, an abort is the caller's; anything else counts against it.
 */
function outcomeOf(error: unknown): CallOutcome {
  if (!isModelCallError(error)) return 'failure';
  if (error.code === 'aborted') return 'neutral';
  if (error.status === 429) return 'neutral';
  if (
    error.code === 'http' &&
    error.status !== undefined &&
    error.status < 500 &&
    !error.isRetryable
  )
    return 'success';
  return 'failure';
}
