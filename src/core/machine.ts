/**
 * The step machine: `transition(state, input) → { state, effects }`, the one place that decides
 * what a turn does next (design.md §1). Synchronous, total and pure: it never performs I/O, reads
 * no clock and throws for no input; the driver turns its effects into model calls. Step handling
 * for speculative mode is in machine-steps.ts, streamed text in machine-stream.ts.
 */
import {
  abortAll,
  type Context,
  emit,
  failTurn,
  scheduleNext,
  takeCall,
} from './machine-context.ts';
import { onDraftFailed, onJudged, onStepGenerated } from './machine-steps.ts';
import { onStreamDone, onStreamText } from './machine-stream.ts';
import type { MachineInput, Transition, TurnState } from './state.ts';

export function transition(previous: TurnState, input: MachineInput): Transition {
  const context: Context = { state: copyState(previous), effects: [] };
  const { state } = context;
  if (state.status === 'completed' || state.status === 'cancelled') return context;
  switch (input.type) {
    case 'resume':
      resume(context);
      break;
    case 'cancel':
      abortAll(context);
      state.status = 'cancelled';
      state.phase = 'done';
      emit(context, {
        type: 'turn-end',
        status: 'cancelled',
        finishReason: 'cancelled',
        usage: state.usage,
      });
      break;
    case 'fail':
      failTurn(context, input.failure);
      break;
    case 'give-up':
      if (state.status === 'paused' && state.failure !== undefined)
        failTurn(context, state.failure);
      break;
    case 'call-text':
      if (state.status === 'running') onStreamText(context, input.callId, input.text);
      break;
    case 'call-done': {
      const call = state.status === 'running' ? takeCall(context, input.callId) : undefined;
      if (call === undefined) break;
      markSuccess(state);
      if (call.kind === 'answer' || call.kind === 'free-run')
        onStreamDone(context, call, input.result);
      else onStepGenerated(context, call, input.result, input.elapsedMs);
      break;
    }
    case 'judge-done': {
      const call = state.status === 'running' ? takeCall(context, input.callId) : undefined;
      if (call === undefined) break;
      markSuccess(state);
      onJudged(context, call, input.result, input.elapsedMs);
      break;
    }
    case 'call-failed': {
      const call = state.status === 'running' ? takeCall(context, input.callId) : undefined;
      if (call === undefined) break;
      if (call.speculative || call.kind === 'draft-step' || call.kind === 'judge') {
        onDraftFailed(context, call, input.failure, input.elapsedMs);
      } else if (input.failure.isRetryable) {
        pauseTurn(context, call.id, input);
      } else {
        failTurn(context, input.failure);
      }
      break;
    }
    default:
      input satisfies never;
  }
  return context;
}

/** Starts the turn, or picks it up after a restart or a pause, re-issuing the needed call. */
function resume(context: Context): void {
  const { state } = context;
  if (state.status === 'failed' && state.failure?.isRetryable !== true) return;
  if (!state.started) {
    state.started = true;
    emit(context, {
      type: 'turn-start',
      mode: state.config.mode,
      pipeline: state.config.pipeline,
    });
  }
  abortAll(context);
  state.status = 'running';
  state.stream = undefined;
  if (state.ahead !== undefined && state.ahead.result === undefined) state.ahead = undefined;
  scheduleNext(context);
}

/**
 * A private copy for one transition. Kept steps and the prompt messages are never changed once
 * stored, so they are shared rather than cloned: a transition costs the same at step 200 as at
 * step 2.
 */
function copyState(previous: TurnState): TurnState {
  const { steps, messages, ...rest } = previous;
  return { ...structuredClone(rest), steps: [...steps], messages };
}

function markSuccess(state: TurnState): void {
  state.pauses = 0;
  state.failure = undefined;
}

/** A call the turn cannot do without failed but may succeed later: wait, keeping all progress. */
function pauseTurn(
  context: Context,
  callId: string,
  input: Extract<MachineInput, { type: 'call-failed' }>,
): void {
  const { state } = context;
  abortAll(context);
  state.stream = undefined;
  state.status = 'paused';
  state.failure = input.failure;
  state.pauses += 1;
  emit(context, {
    type: 'turn-paused',
    call: callId,
    failure: input.failure,
    attempt: state.pauses,
  });
}
