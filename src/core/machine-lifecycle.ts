/**
 * A turn's life around its steps: starting and resuming it, pausing on a failure it cannot do
 * without, cancelling and giving up, and when the owner runs it next: after a run slice, retry
 * a paused turn with backoff and give up after `MAX_PAUSES`; on a client's resume, run now.
 * Resuming re-issues whatever call the turn was waiting for, so a persisted state picks up where
 * it stopped.
 */

import type { CallFailure } from './events.ts';
import { abortAll, emit, failTurn, startAnswer, startCallFor } from './machine-moves.ts';
import { scheduleStep } from './machine-speculative.ts';
import { canResume, hasTurnEnded, type Transition, type TurnState } from './state.ts';

/** Pauses (a failing base backend) before the turn gives up; it stays resumable. */
const MAX_PAUSES = 12;
const MAX_BACKOFF_MS = 60_000;

/** Starts the turn, or picks it up after a restart or a pause, re-issuing the needed call. */
export function resumeTurn(next: Transition): void {
  const { state } = next;
  if (state.status !== 'running' && !canResume(state)) return;
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

function cancelTurn(next: Transition): void {
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
function giveUp(next: Transition): void {
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

/**
 * The owner's run slice stopped. A cancel that arrived during it wins, even over a failure in the
 * same slice; a turn paused too often gives up; otherwise the next slice runs now (still running)
 * or after a backoff (paused), and an ended turn needs none.
 */
export function endSlice(next: Transition, now: number, cancelRequested: boolean): void {
  const { state } = next;
  if (cancelRequested && state.status !== 'completed' && state.status !== 'cancelled')
    cancelTurn(next);
  if (state.status === 'paused' && state.pauses >= MAX_PAUSES) giveUp(next);
  if (hasTurnEnded(state.status)) next.effects.push({ type: 'clear-alarm' });
  else next.effects.push({ type: 'set-alarm', at: now + retryDelayMs(state) });
}

/** Exponential backoff from 1 s, at most a minute, and never sooner than the backend asked. */
function retryDelayMs(state: TurnState): number {
  if (state.status !== 'paused') return 0;
  const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (state.pauses - 1));
  return Math.max(backoff, state.failure?.retryAfterMs ?? 0);
}

/**
 * A client asked to resume a paused or failed turn: it runs again from a clean slate (no pauses
 * counted) in a slice that starts now. That slice issues the calls, so none is started here.
 */
export function requestResume(next: Transition, now: number): void {
  if (!canResume(next.state)) return;
  resumeTurn(next);
  next.state.inFlight = [];
  next.state.pauses = 0;
  next.effects = next.effects.filter((effect) => effect.type === 'emit');
  next.effects.push({ type: 'set-alarm', at: now });
}

/** A client asked to cancel while no slice runs: a turn that has not ended is cancelled. */
export function requestCancel(next: Transition): void {
  if (hasTurnEnded(next.state.status)) return;
  cancelTurn(next);
  next.effects.push({ type: 'clear-alarm' });
}
