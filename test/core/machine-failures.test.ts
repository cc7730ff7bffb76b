import { describe, expect, it } from 'vitest';
import { transition } from '../../src/core/machine.ts';
import { eventTypes, runMachine } from './machine-harness.ts';
import { baseFailedTurn, FATAL, RETRYABLE, scripted, turnState } from './script.ts';

const ANSWER = ['</think>\n\n5'];

describe('failures', () => {
  it('treats a failed judge call as a rejection and keeps the base model step', () => {
    const run = runMachine(
      turnState(),
      scripted({
        draft: ['maybe'],
        judge: [{ fail: RETRYABLE }],
        base: ['\\boxed{5}'],
        streams: [ANSWER],
      }),
    );
    expect(run.state.steps[0]).toMatchObject({
      decision: 'regenerated',
      score: null,
      origin: 'base',
    });
    expect(run.events.find((event) => event.type === 'step-scored')).toMatchObject({
      score: null,
      failure: { code: 'http', status: 503 },
    });
    expect(run.state.usage).toMatchObject({ judgeCalls: 1, judgeFailures: 1 });
  });

  it('treats a judge reply without logprobs as a rejection under average scoring', () => {
    const respond = scripted({ draft: ['maybe'], base: ['\\boxed{5}'], streams: [ANSWER] });
    const run = runMachine(turnState({ scoreMethod: 'average' }), (started, state) =>
      started.call.kind === 'judge'
        ? {
            type: 'judge-done',
            callId: started.call.id,
            result: {
              token: '9',
              topLogprobs: undefined,
              usage: { promptTokens: 70, completionTokens: 1, cachedPromptTokens: 0 },
            },
            elapsedMs: 2,
          }
        : respond(started, state),
    );
    expect(run.state.steps[0]).toMatchObject({ decision: 'regenerated', score: null });
    expect(run.state.usage).toMatchObject({ judgeCalls: 1, judgeFailures: 1 });
  });

  it('lets the base model write a step whose draft call failed', () => {
    const run = runMachine(
      turnState(),
      scripted({
        draft: [{ fail: RETRYABLE }, '\\boxed{5}'],
        judge: [9],
        base: ['One.'],
        streams: [ANSWER],
      }),
    );
    expect(run.state.steps.map((step) => step.decision)).toEqual(['draft-failed', 'accepted']);
    expect(run.state.usage.draftFailures).toBe(1);
    expect(run.state.draftDegraded).toBe(false);
  });

  it('continues with the base model alone after repeated draft failures and says so', () => {
    const run = runMachine(
      turnState({ draftFailureLimit: 2 }),
      scripted({
        draft: [{ fail: RETRYABLE }, { fail: RETRYABLE }],
        base: ['One.', 'Two.', '\\boxed{5}'],
        streams: [ANSWER],
      }),
    );
    expect(run.state.steps.map((step) => step.decision)).toEqual([
      'draft-failed',
      'draft-degraded',
      'draft-degraded',
    ]);
    expect(run.events.filter((event) => event.type === 'draft-degraded')).toHaveLength(1);
    expect(run.started.filter((started) => started.call.kind === 'draft-step')).toHaveLength(2);
  });

  it('pauses on a retryable base failure and resumes the same step when asked', () => {
    const paused = runMachine(
      turnState(),
      scripted({ draft: ['bad'], judge: [1], base: [{ fail: RETRYABLE }] }),
    );
    expect(paused.state.status).toBe('paused');
    expect(paused.events.at(-1)).toMatchObject({
      type: 'turn-paused',
      call: 'base-step-0',
      attempt: 1,
    });
    expect(paused.state.inFlight).toEqual([]);

    const resumed = runMachine(paused.state, scripted({ base: ['\\boxed{5}'], streams: [ANSWER] }));
    expect(resumed.started[0]?.call.id).toBe('base-step-0');
    expect(resumed.state.status).toBe('completed');
    expect(resumed.state.steps[0]).toMatchObject({ decision: 'regenerated', draftText: 'bad' });
  });

  it('gives up on a paused turn with a clean failure that can still be resumed', () => {
    const paused = { ...baseFailedTurn(RETRYABLE).state, pauses: 12 };
    const failed = transition(paused, { type: 'slice-ended', now: 0, cancelRequested: false });
    expect(failed.state.status).toBe('failed');
    expect(failed.effects).toContainEqual({
      type: 'emit',
      event: expect.objectContaining({ type: 'turn-end', status: 'failed', finishReason: 'error' }),
    });
    const again = runMachine(failed.state, scripted({ base: ['\\boxed{5}'], streams: [ANSWER] }));
    expect(again.state.status).toBe('completed');
  });

  it('fails the turn on a base failure that retrying cannot fix', () => {
    const run = baseFailedTurn(FATAL);
    expect(run.state.status).toBe('failed');
    expect(run.events.at(-1)).toMatchObject({ type: 'turn-end', status: 'failed', failure: FATAL });
    const resumed = transition(run.state, { type: 'resume' });
    expect(resumed.effects).toEqual([]);
  });

  it('keeps the answer written so far when the answer call is paused, and does not repeat it', () => {
    let attempt = 0;
    const respond = scripted({ draft: ['\\boxed{5}'], judge: [9] });
    const paused = runMachine(turnState(), (started, state) => {
      if (started.call.kind !== 'answer') return respond(started, state);
      attempt += 1;
      return [
        { type: 'call-text', callId: started.call.id, text: '</think>\n\nThe answer ' },
        { type: 'call-failed', callId: started.call.id, failure: RETRYABLE, elapsedMs: 1 },
      ];
    });
    expect(paused.state.answer).toBe('The answer ');
    const resumed = runMachine(
      paused.state,
      scripted({ streams: [['</think>\n\nThe answer is 5.']] }),
    );
    const deltas = resumed.events.flatMap((event) =>
      event.type === 'answer-delta' ? [event.text] : [],
    );
    expect(deltas).toEqual(['is 5.']);
    expect(resumed.state.answer).toBe('The answer is 5.');
    expect(attempt).toBe(1);
  });

  it('cancels a running turn, aborting its calls', () => {
    const state = turnState();
    const started = transition(state, { type: 'resume' });
    const cancelled = transition(started.state, { type: 'cancel-requested' });
    expect(cancelled.effects).toEqual([
      { type: 'abort-call', callId: 'draft-step-0' },
      { type: 'emit', event: expect.objectContaining({ type: 'turn-end', status: 'cancelled' }) },
      { type: 'clear-alarm' },
    ]);
    expect(transition(cancelled.state, { type: 'resume' }).effects).toEqual([]);
  });

  it('ignores the result of a call it no longer waits for', () => {
    const started = transition(turnState(), { type: 'resume' });
    const stale = transition(started.state, {
      type: 'judge-done',
      callId: 'judge-7',
      result: {
        token: '9',
        topLogprobs: [],
        usage: { promptTokens: 1, completionTokens: 1, cachedPromptTokens: 0 },
      },
      elapsedMs: 1,
    });
    expect(stale.effects).toEqual([]);
    expect(stale.state).toEqual(started.state);
    expect(
      eventTypes(started.effects.flatMap((e) => (e.type === 'emit' ? [e.event] : []))),
    ).toEqual(['turn-start']);
  });
});
