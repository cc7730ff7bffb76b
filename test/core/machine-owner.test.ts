import { describe, expect, it } from 'vitest';
import { transition } from '../../src/core/machine.ts';
import type { TurnState } from '../../src/core/state.ts';
import { runMachine } from './machine-harness.ts';
import { baseFailedTurn, FATAL, RETRYABLE, scripted, turnState } from './script.ts';

const NOW = 1_000_000;

/** A turn paused `pauses` times in a row on a base model that keeps failing. */
function pausedTurn(pauses = 1, retryAfterMs?: number): TurnState {
  return { ...baseFailedTurn({ ...RETRYABLE, retryAfterMs }).state, pauses };
}

/** The owner's report that a run slice of `state` ended at NOW. */
function endSlice(state: TurnState, cancelRequested = false) {
  return transition(state, { type: 'slice-ended', now: NOW, cancelRequested });
}

function alarmOf(next: ReturnType<typeof transition>) {
  return next.effects.filter((effect) => effect.type.endsWith('-alarm'));
}

describe("the owner's run slices", () => {
  it('runs a turn that is still running again at once', () => {
    const started = transition(turnState(), { type: 'resume' });
    const ended = endSlice(started.state);
    expect(alarmOf(ended)).toEqual([{ type: 'set-alarm', at: NOW }]);
  });

  it('retries a paused turn after a backoff that doubles from a second up to a minute', () => {
    const delays = [1, 2, 3, 7, 11].map((pauses) => {
      const ended = endSlice(pausedTurn(pauses));
      return (alarmOf(ended)[0] as { at: number }).at - NOW;
    });
    expect(delays).toEqual([1000, 2000, 4000, 60_000, 60_000]);
  });

  it('waits as long as the backend asked when that is longer than the backoff', () => {
    const ended = endSlice(pausedTurn(1, 30_000));
    expect(alarmOf(ended)).toEqual([{ type: 'set-alarm', at: NOW + 30_000 }]);
  });

  it('gives up after twelve pauses in a row, failing the turn and clearing its alarm', () => {
    const ended = endSlice(pausedTurn(12));
    expect(ended.state.status).toBe('failed');
    expect(ended.effects).toContainEqual({
      type: 'emit',
      event: expect.objectContaining({ type: 'turn-end', status: 'failed' }),
    });
    expect(alarmOf(ended)).toEqual([{ type: 'clear-alarm' }]);
  });

  it('cancels a turn whose cancel arrived during the slice', () => {
    const started = transition(turnState(), { type: 'resume' });
    const ended = endSlice(started.state, true);
    expect(ended.state.status).toBe('cancelled');
    expect(alarmOf(ended)).toEqual([{ type: 'clear-alarm' }]);
  });

  it('clears the alarm of a turn that completed', () => {
    const done = runMachine(
      turnState(),
      scripted({ draft: ['\\boxed{5}'], judge: [9], streams: [['</think>\n\n5']] }),
    );
    expect(done.state.status).toBe('completed');
    const ended = endSlice(done.state, true);
    expect(ended.state.status).toBe('completed');
    expect(ended.effects).toEqual([{ type: 'clear-alarm' }]);
  });
});

describe("a client's requests", () => {
  it('resumes a paused turn now, with no pause counted and no call started before the slice', () => {
    const resumed = transition(pausedTurn(5), { type: 'resume-requested', now: NOW });
    expect(resumed.state).toMatchObject({ status: 'running', pauses: 0, inFlight: [] });
    expect(resumed.effects).toEqual([{ type: 'set-alarm', at: NOW }]);
  });

  it('does not resume a turn that failed for good', () => {
    const failed = baseFailedTurn(FATAL);
    const resumed = transition(failed.state, { type: 'resume-requested', now: NOW });
    expect(resumed.state.status).toBe('failed');
    expect(resumed.effects).toEqual([]);
  });

  it('cancels a paused turn and clears its alarm', () => {
    const cancelled = transition(pausedTurn(), { type: 'cancel-requested' });
    expect(cancelled.state.status).toBe('cancelled');
    expect(alarmOf(cancelled)).toEqual([{ type: 'clear-alarm' }]);
  });

  it('leaves a failed turn as it is when asked to cancel it', () => {
    const failed = baseFailedTurn(FATAL);
    const cancelled = transition(failed.state, { type: 'cancel-requested' });
    expect(cancelled.state.status).toBe('failed');
    expect(cancelled.effects).toEqual([]);
  });
});
