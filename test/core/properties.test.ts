/**
 * Invariants of the step machine over generated turns (fast-check, fixed seed): it ends within
 * its bounds, the accounting adds up, the emitted reasoning is exactly the kept steps, and a
 * persisted state resumes with the same calls it was waiting for.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TurnConfig } from '../../src/core/config.ts';
import { keptStepOf, type TurnEvent } from '../../src/core/events.ts';
import { transition } from '../../src/core/machine.ts';
import { seededRandom } from '../../src/core/random.ts';
import type { MachineInput, TurnState } from '../../src/core/state.ts';
import { generated, judged } from '../fakes/fake-models.ts';
import { runMachine, type StartedCall } from './machine-harness.ts';
import { turnState } from './script.ts';

const FAILURE = { code: 'http', message: 'unavailable', isRetryable: true, status: 503 };

/** What a server returns of `text`: cut before its first stop string, then at `maxTokens`. */
function asServed(text: string, sampling: { stop: readonly string[]; maxTokens: number }) {
  const stopAt = Math.min(
    ...sampling.stop.map((stop) => text.indexOf(stop)).filter((index) => index >= 0),
    text.length,
  );
  const stopped = text.slice(0, stopAt);
  const budget = sampling.maxTokens * 4;
  return stopped.length > budget
    ? { body: stopped.slice(0, budget), finish: 'length' as const }
    : { body: stopped, finish: 'stop' as const };
}

/** A random but reproducible backend: every reply is drawn from a generator seeded per run. */
function randomBackend(seed: number, failureRate: number) {
  const random = seededRandom(seed);
  const words = [
    'x',
    'y = 3',
    'so',
    'then 4',
    'check',
    '\\boxed{7}',
    'Answer: 2',
    '</think>',
    'hmm',
  ];
  const text = (): string =>
    Array.from(
      { length: 1 + Math.floor(random() * 12) },
      () => words[Math.floor(random() * words.length)],
    ).join(' ');
  return ({ call, request }: StartedCall): MachineInput[] => {
    if (random() < failureRate)
      return [{ type: 'call-failed', callId: call.id, failure: FAILURE, elapsedMs: 1 }];
    if (request.type === 'judge') {
      return [
        {
          type: 'judge-done',
          callId: call.id,
          result: judged(Math.floor(random() * 10)),
          elapsedMs: 1,
        },
      ];
    }
    if (request.streamText) {
      const written = random() < 0.5 ? `${text()}\n\n${text()}\n\n</think>\n\n${text()}` : text();
      const { body, finish } = asServed(written, request.sampling);
      const cut = Math.floor(random() * body.length);
      return [
        { type: 'call-text', callId: call.id, text: body.slice(0, cut) },
        { type: 'call-text', callId: call.id, text: body.slice(cut) },
        { type: 'call-done', callId: call.id, result: generated(body, { finish }), elapsedMs: 3 },
      ];
    }
    return [{ type: 'call-done', callId: call.id, result: generated(text()), elapsedMs: 2 }];
  };
}

const configArbitrary: fc.Arbitrary<Partial<TurnConfig>> = fc.record({
  mode: fc.constantFrom('speculative', 'speculative', 'base', 'draft'),
  threshold: fc.integer({ min: 0, max: 9 }),
  scoreMethod: fc.constantFrom('greedy', 'average'),
  firstNBaseSteps: fc.integer({ min: 0, max: 3 }),
  tokenBudget: fc.integer({ min: 1, max: 120 }),
  maxSteps: fc.integer({ min: 1, max: 40 }),
  pipeline: fc.constantFrom('off', 'draft-ahead', 'hedged'),
}) as fc.Arbitrary<Partial<TurnConfig>>;

/** Runs a turn to the end, resuming after each pause, and returns every event and state. */
function playTurn(config: Partial<TurnConfig>, seed: number, failureRate: number) {
  const backend = randomBackend(seed, failureRate);
  let state = turnState(config);
  const events: TurnEvent[] = [];
  const snapshots: TurnState[] = [];
  for (let attempt = 0; attempt < 50 && state.status !== 'completed'; attempt += 1) {
    const run = runMachine(state, (started, current) => {
      snapshots.push(current);
      return backend(started);
    });
    events.push(...run.events);
    state = run.state;
  }
  return { state, events, snapshots };
}

const PARAMETERS = { seed: 20261127, numRuns: 300 };

/** Asserts `check` on turns of random configurations and seeds, with and without failing calls. */
function forTurnsWithFailures(
  check: (turn: ReturnType<typeof playTurn>, config: Partial<TurnConfig>) => void,
): void {
  fc.assert(
    fc.property(
      configArbitrary,
      fc.integer(),
      fc.constantFrom(0, 0.15),
      (config, seed, failureRate) => check(playTurn(config, seed, failureRate), config),
    ),
    PARAMETERS,
  );
}

describe('step machine invariants', () => {
  it('ends within the token budget plus one step, and within the step bound', () => {
    fc.assert(
      fc.property(configArbitrary, fc.integer(), (config, seed) => {
        const { state } = playTurn(config, seed, 0);
        expect(state.status).toBe('completed');
        expect(state.steps.length).toBeLessThanOrEqual(config.maxSteps ?? Infinity);
        const largestStep = Math.max(0, ...state.steps.map((step) => step.tokens));
        expect(state.usage.keptTokens).toBeLessThan((config.tokenBudget ?? 0) + largestStep + 1);
      }),
      PARAMETERS,
    );
  });

  it('adds the accounting up, with and without failing calls', () => {
    forTurnsWithFailures(({ state }, config) => {
      const usage = state.usage;
      expect(usage.keptTokens).toBe(state.steps.reduce((sum, step) => sum + step.tokens, 0));
      expect(
        usage.stepsAccepted + usage.stepsRegenerated + usage.stepsBase + usage.stepsDraftOnly,
      ).toBe(state.steps.length);
      const decided = state.steps.filter(
        (step) => step.decision === 'accepted' || step.decision === 'regenerated',
      );
      expect(usage.stepsAccepted + usage.stepsRegenerated).toBe(decided.length);
      expect(usage.stepsProposed).toBeGreaterThanOrEqual(decided.length);
      expect(usage.judgeFailures).toBeLessThanOrEqual(usage.judgeCalls);
      if (config.pipeline === 'off') expect(usage.judgeCalls).toBe(usage.stepsProposed);
    });
  });

  it('emits exactly the kept steps, in order, once each', () => {
    forTurnsWithFailures(({ state, events }) => {
      const emitted = events.flatMap((event) => {
        const kept = keptStepOf(event);
        return kept === undefined ? [] : [kept];
      });
      expect(emitted.map((step) => step.index)).toEqual(state.steps.map((_, index) => index));
      expect(emitted.map((step) => step.text)).toEqual(state.steps.map((step) => step.text));
      const answer = events
        .flatMap((event) => (event.type === 'answer-delta' ? [event.text] : []))
        .join('');
      expect(answer).toBe(state.answer);
      expect(events.filter((event) => event.type === 'turn-end')).toHaveLength(
        events.filter((event) => event.type === 'turn-end').length > 0 ? 1 : 0,
      );
    });
  });

  it('resumes a persisted state with the calls it was waiting for, the same every time', () => {
    fc.assert(
      fc.property(configArbitrary, fc.integer(), (config, seed) => {
        const { snapshots } = playTurn(config, seed, 0);
        for (const snapshot of snapshots) {
          const persisted: TurnState = JSON.parse(JSON.stringify(snapshot));
          const first = transition(persisted, { type: 'resume' });
          const second = transition(persisted, { type: 'resume' });
          expect(second).toEqual(first);
          const restarted = first.effects.flatMap((effect) =>
            effect.type === 'start-call' ? [effect.call.id] : [],
          );
          for (const waiting of snapshot.inFlight.filter((call) => !call.speculative)) {
            expect(restarted).toContain(waiting.id);
          }
        }
      }),
      { ...PARAMETERS, numRuns: 60 },
    );
  });
});
