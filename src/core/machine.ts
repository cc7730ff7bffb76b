/**
 * The step machine: `transition(state, input) → { state, effects }`, the one place that decides
 * what a turn does next (design.md §1). Synchronous, total and pure: it never performs I/O, reads
 * no clock and throws for no input; the driver turns its effects into model calls. This file
 * routes each input; the moves live in machine-lifecycle.ts (start, pause, cancel),
 * machine-speculative.ts (a speculative step), machine-stream.ts (answer and free run) and
 * machine-moves.ts (what they share).
 */
import {
  endSlice,
  markSuccess,
  pauseTurn,
  requestCancel,
  requestResume,
  resumeTurn,
} from './machine-lifecycle.ts';
import { failTurn, takeCall } from './machine-moves.ts';
import { onJudged, onStepCallFailed, onStepGenerated } from './machine-speculative.ts';
import { onStreamDone, onStreamText } from './machine-stream.ts';
import type { MachineInput, Transition, TurnState } from './state.ts';

export function transition(previous: TurnState, input: MachineInput): Transition {
  const next: Transition = { state: copyState(previous), effects: [] };
  const { state } = next;
  // Even an ended turn's owner must hear that no slice is due.
  if (input.type === 'slice-ended') {
    endSlice(next, input.now, input.cancelRequested);
    return next;
  }
  if (state.status === 'completed' || state.status === 'cancelled') return next;
  switch (input.type) {
    case 'resume-requested':
      requestResume(next, input.now);
      break;
    case 'cancel-requested':
      requestCancel(next);
      break;
    case 'resume':
      resumeTurn(next);
      break;
    case 'fail':
      failTurn(next, input.failure);
      break;
    case 'call-text':
      if (state.status === 'running') onStreamText(next, input.callId, input.text);
      break;
    case 'call-done':
    case 'judge-done': {
      const call = state.status === 'running' ? takeCall(next, input.callId) : undefined;
      if (call === undefined) break;
      markSuccess(next);
      if (input.type === 'judge-done') onJudged(next, call, input.result, input.elapsedMs);
      else if (call.kind === 'answer' || call.kind === 'free-run')
        onStreamDone(next, call, input.result);
      else onStepGenerated(next, call, input.result, input.elapsedMs);
      break;
    }
    case 'call-failed': {
      const call = state.status === 'running' ? takeCall(next, input.callId) : undefined;
      if (call === undefined) break;
      if (call.speculative || call.kind === 'draft-step' || call.kind === 'judge') {
        onStepCallFailed(next, call, input.failure, input.elapsedMs);
      } else if (input.failure.isRetryable) {
        pauseTurn(next, call.id, input.failure);
      } else {
        failTurn(next, input.failure);
      }
      break;
    }
    default:
      input satisfies never;
  }
  return next;
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
