import { describe, expect, it } from 'vitest';
import { resolveTurnConfig } from '../../src/core/config.ts';
import { driveTurn } from '../../src/core/driver.ts';
import type { TurnEvent } from '../../src/core/events.ts';
import type { GenerateRequest } from '../../src/core/ports.ts';
import { problemMessages } from '../../src/core/prompts.ts';
import { createTurnState } from '../../src/core/state.ts';
import { FakeStepModel, generated, judged, serverError } from '../fakes/fake-models.ts';
import { deferred } from '../support/deferred.ts';

const T0 = 1_700_000_000_000;
const T0Now = () => T0;

function fakeClock() {
  let now = T0;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

function freshState(config: Parameters<typeof resolveTurnConfig>[0] = { seed: 1 }) {
  return createTurnState(
    resolveTurnConfig(config),
    problemMessages({ template: 'math', text: '2+3?' }),
  );
}

describe('the driver', () => {
  it('runs a turn over the ports and commits each kept step before the next model call', async () => {
    const committed: TurnEvent[] = [];
    const seenAtCall: number[] = [];
    const draft = new FakeStepModel('draft', (request: GenerateRequest, call) => {
      seenAtCall.push(committed.filter((event) => event.type === 'step-accepted').length);
      expect(request.affinityKey).toBe('conversation-1');
      return generated(call === 2 ? '\\boxed{5}' : `Step ${call}.`);
    });
    const base = new FakeStepModel('base', generated('</think>\n\nFive.'), judged(9));
    const state = await driveTurn({
      state: freshState(),
      models: { draft, base },
      now: fakeClock().now,
      affinityKey: 'conversation-1',
      commit: (_state, events) => void committed.push(...events),
    });
    expect(state.status).toBe('completed');
    expect(state.answer).toBe('Five.');
    expect(seenAtCall).toEqual([0, 1, 2]);
    expect(committed.at(-1)).toMatchObject({ type: 'turn-end', status: 'completed' });
  });

  it('reads the whole answer call as the answer when the model closed the thinking for it', async () => {
    const draft = new FakeStepModel('draft', generated('\\boxed{5}'));
    const answer = 'Models close with </think>; the answer is five.';
    const base = Object.assign(new FakeStepModel('base', generated(answer), judged(9)), {
      closesThinking: true,
    });
    const state = await driveTurn({ state: freshState(), models: { draft, base }, now: T0Now });
    expect(base.calls.at(-1)?.closeThinking).toBe(true);
    expect(state.answer).toBe(answer);
  });

  it('records how long each call took on the injected clock', async () => {
    const clock = fakeClock();
    const draft = new FakeStepModel('draft', () => {
      clock.advance(120);
      return generated('\\boxed{5}');
    });
    const base = new FakeStepModel('base', generated('</think>\n\n5'), () => {
      clock.advance(30);
      return judged(8);
    });
    const state = await driveTurn({ state: freshState(), models: { draft, base }, now: clock.now });
    expect(state.steps[0]?.timings).toEqual({ draftMs: 120, judgeMs: 30 });
  });

  it('stops when its signal aborts and leaves a state that a later run finishes', async () => {
    const hanging = deferred<never>();
    const controller = new AbortController();
    let draftCalls = 0;
    const draft = new FakeStepModel('draft', (request) => {
      draftCalls += 1;
      if (draftCalls === 2) {
        queueMicrotask(() => controller.abort());
        return new Promise((_, reject) =>
          request.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
        );
      }
      return generated(draftCalls === 1 ? 'One.' : '\\boxed{5}');
    });
    const base = new FakeStepModel('base', generated('</think>\n\n5'), judged(9));
    const stopped = await driveTurn({
      state: freshState(),
      models: { draft, base },
      now: Date.now,
      signal: controller.signal,
    });
    expect(stopped.status).toBe('running');
    expect(stopped.steps.map((step) => step.text)).toEqual(['One.']);
    expect(stopped.inFlight.map((call) => call.id)).toEqual(['draft-step-1']);
    void hanging;

    const finished = await driveTurn({ state: stopped, models: { draft, base }, now: Date.now });
    expect(finished.status).toBe('completed');
    expect(finished.steps.map((step) => step.text)).toEqual(['One.', '\\boxed{5}']);
  });

  it('returns a paused turn when the base model is down', async () => {
    const draft = new FakeStepModel('draft', generated('wrong'));
    const base = new FakeStepModel('base', serverError(503), judged(1));
    const state = await driveTurn({ state: freshState(), models: { draft, base }, now: Date.now });
    expect(state.status).toBe('paused');
    expect(state.failure).toMatchObject({ code: 'http', status: 503, isRetryable: true });
  });

  it('streams the answer through the machine as it arrives', async () => {
    const deltas: string[] = [];
    const draft = new FakeStepModel('draft', generated('\\boxed{5}'));
    const base = new FakeStepModel(
      'base',
      (request) => {
        request.onText?.('</think>\n\nIt is ');
        request.onText?.('five.');
        return generated('</think>\n\nIt is five.');
      },
      judged(9),
    );
    await driveTurn({
      state: freshState(),
      models: { draft, base },
      now: Date.now,
      commit: (_state, events) => {
        for (const event of events) if (event.type === 'answer-delta') deltas.push(event.text);
      },
    });
    expect(deltas.join('')).toBe('It is five.');
  });
});
