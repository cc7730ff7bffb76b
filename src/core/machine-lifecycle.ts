/**
 * A turn's life around its steps: starting and resuming it, pausing on a failure it cannot do
 * without, cancelling and giving up. Resuming re-issues whatever call the turn was waiting for,
 * so a persisted state picks up where it stopped.
 */

import type { CallFailure } from './events.ts';
import { abortAll, emit, failTurn, startAnswer, startCallFor } from './machine-moves.ts';
import { scheduleStep } from './machine-speculative.ts';
import type { Transition } from './state.ts';

/** Starts the turn, or picks it up after a restart or a pause, re-issuing the needed call. */
export function resumeTurn(next: Transition): void {
  const { state } = next;
  if (state.status === 'failed' && state.failure?.isRetryable !== true) return;
  if (!state.started) {
    state.started = true;
    emit(next, {
      type: 'turn-start',
      mode: state.config.mode,
      pipeline: state.config.pipeline,
    });
  }
  abortAll(next);
  state.status = 'running';
  state.stream = undefined;
  if (state.ahead !== undefined && state.ahead.result === undefined) state.ahead = undefined;
  scheduleNext(next);
}

/** Makes sure the call the turn needs next is in flight. */
function scheduleNext(next: Transition): void {
  const { state } = next;
  if (state.phase === 'done') return;
  if (state.phase === 'answering') startAnswer(next);
  else if (state.config.mode !== 'speculative') startCallFor(next, 'free-run', state.steps.length);
  else scheduleStep(next);
}

export function cancelTurn(next: Transition): void {
  const { state } = next;
  abortAll(next);
  state.status = 'cancelled';
  state.phase = 'done';
  emit(next, {
    type: 'turn-end',
    status: 'cancelled',
    finishReason: 'cancelled',
    usage: state.usage,
  });
}

/** Gives up on a paused turn with the failure it paused for; it can still be resumed. */
export function giveUp(next: Transition): void {
  const { state } = next;
  if (state.status === 'paused' && state.failure !== undefined) failTurn(next, state.failure);
}

/** A call the turn cannot do without failed but may succeed later: wait, keeping all progress. */
export function pauseTurn(next: Transition, callId: string, failure: CallFailure): void {
  const { state } = next;
  abortAll(next);
  state.stream = undefined;
  state.status = 'paused';
  state.failure = failure;
  state.pauses += 1;
  emit(next, { type: 'turn-paused', call: callId, failure, attempt: state.pauses });
}

/** A call succeeded: the turn is no longer failing. */
export function markSuccess(next: Transition): void {
  next.state.pauses = 0;
  next.state.failure = undefined;
}
