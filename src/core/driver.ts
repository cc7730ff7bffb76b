/**
 * The async driver: runs the step machine over the model ports. It feeds the machine one input
 * at a time, persists through `commit` before starting any call a transition asked for (so a
 * kept step is stored before the next model call), and turns `start-call` / `abort-call`
 * effects into port calls. It decides nothing itself.
 */
import { isModelCallError } from './errors.ts';
import type { CallFailure, TurnEvent } from './events.ts';
import { transition } from './machine.ts';
import type { StepJudge, StepModel } from './ports.ts';
import { THINK_CLOSE } from './prompts.ts';
import type { CallRef, CallRequest, MachineInput, TurnState } from './state.ts';

export interface TurnModels {
  draft: StepModel;
  base: StepModel & StepJudge;
}

export interface DriveTurnOptions {
  state: TurnState;
  models: TurnModels;
  /** Milliseconds on any monotonic-enough clock; used for per-call timings only. */
  now: () => number;
  /** Sent with every call so backends can route to a warm prefix cache. */
  affinityKey?: string | undefined;
  /**
   * Aborting stops the run: in-flight calls are aborted and the state is returned as it stands;
   * it stays resumable (the machine re-issues the calls it was waiting for).
   */
  signal?: AbortSignal | undefined;
  /**
   * Persists a transition's new state and the events it emitted. Awaited before any call the
   * transition started; called for every transition that emitted events.
   */
  commit?: ((state: TurnState, events: TurnEvent[]) => void | Promise<void>) | undefined;
}

/** Converts whatever a port threw into the failure the machine records. */
function toCallFailure(error: unknown): CallFailure {
  if (isModelCallError(error)) {
    return {
      code: error.code,
      message: error.message,
      isRetryable: error.isRetryable,
      status: error.status,
      retryAfterMs: error.retryAfterMs,
    };
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { code: 'internal', message, isRetryable: false };
}

/** Runs the turn until it completes, pauses, fails, is cancelled, or `signal` stops the run. */
export async function driveTurn(options: DriveTurnOptions): Promise<TurnState> {
  const { models, now, signal } = options;
  let state = options.state;
  const inputs: MachineInput[] = [];
  const running = new Map<string, AbortController>();
  let wake: (() => void) | undefined;
  let stopped = signal?.aborted ?? false;

  const push = (input: MachineInput): void => {
    inputs.push(input);
    wake?.();
  };
  const onStop = (): void => {
    stopped = true;
    wake?.();
  };
  signal?.addEventListener('abort', onStop, { once: true });

  const launch = (call: CallRef, request: CallRequest): void => {
    const controller = new AbortController();
    running.set(call.id, controller);
    const startedAt = now();
    const isCurrent = (): boolean => running.get(call.id) === controller && !stopped;
    const common = { signal: controller.signal, affinityKey: options.affinityKey };
    const settle = (input: MachineInput): void => {
      if (!isCurrent()) return;
      running.delete(call.id);
      push(input);
    };
    const fail = (error: unknown): void =>
      settle({
        type: 'call-failed',
        callId: call.id,
        failure: toCallFailure(error),
        elapsedMs: now() - startedAt,
      });
    if (request.type === 'judge') {
      models.base
        .judge({
          ...common,
          messages: request.messages,
          topLogprobs: request.topLogprobs,
          seed: request.seed,
        })
        .then(
          (result) =>
            settle({ type: 'judge-done', callId: call.id, result, elapsedMs: now() - startedAt }),
          fail,
        );
      return;
    }
    const onText = request.streamText
      ? (text: string) => {
          if (isCurrent()) push({ type: 'call-text', callId: call.id, text });
        }
      : undefined;
    const model = models[request.model];
    // The machine reads the answer after `</think>`: say so when the adapter closed it.
    if (request.closeThinking === true && model.closesThinking === true) onText?.(THINK_CLOSE);
    model
      .generate({
        ...common,
        messages: request.messages,
        sampling: request.sampling,
        closeThinking: request.closeThinking,
        onText,
      })
      .then(
        (result) =>
          settle({ type: 'call-done', callId: call.id, result, elapsedMs: now() - startedAt }),
        fail,
      );
  };

  const apply = async (input: MachineInput): Promise<void> => {
    const next = transition(state, input);
    state = next.state;
    const events: TurnEvent[] = [];
    for (const effect of next.effects) if (effect.type === 'emit') events.push(effect.event);
    if (events.length > 0 && options.commit !== undefined) await options.commit(state, events);
    for (const effect of next.effects) {
      if (effect.type === 'abort-call') {
        running.get(effect.callId)?.abort();
        running.delete(effect.callId);
      } else if (effect.type === 'start-call' && !stopped) {
        launch(effect.call, effect.request);
      }
    }
  };

  try {
    if (!stopped) await apply({ type: 'resume' });
    while (!stopped && (running.size > 0 || inputs.length > 0)) {
      const input = inputs.shift();
      if (input === undefined) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
        continue;
      }
      await apply(input);
    }
  } finally {
    signal?.removeEventListener('abort', onStop);
    for (const controller of running.values()) controller.abort();
  }
  return state;
}
