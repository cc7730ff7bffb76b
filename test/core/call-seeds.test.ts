/**
 * Finding 1 of issue 13: every call of a turn carries its own seed, the same one again when the
 * call is retried or replayed, always inside the range every backend accepts.
 */
import { describe, expect, it } from 'vitest';
import { callSeed, MAX_CALL_SEED } from '../../src/core/call-seed.ts';
import type { StartedCall } from './machine-harness.ts';
import { runMachine } from './machine-harness.ts';
import { RETRYABLE, scripted, turnState } from './script.ts';

const ANSWER = ['</think>\n\nThe answer is ', '\\boxed{5}.'];

function seedOf(started: StartedCall): number | undefined {
  return started.request.type === 'judge' ? started.request.seed : started.request.sampling.seed;
}

describe('per-call seeds', () => {
  it('sends every call of a turn a different seed, none of them the turn seed', () => {
    const run = runMachine(
      turnState({ seed: 42 }),
      scripted({
        draft: ['2+3=6.', 'So 2+3=5.', 'So \\boxed{5}.'],
        judge: [2, 9, 9],
        base: ['2+3=5.'],
        streams: [ANSWER],
      }),
    );
    const seeds = run.started.map(seedOf);
    expect(run.started.map((started) => started.call.id)).toEqual([
      'draft-step-0',
      'judge-0',
      'base-step-0',
      'draft-step-1',
      'judge-1',
      'draft-step-2',
      'judge-2',
      'answer-3',
    ]);
    expect(new Set(seeds).size).toBe(seeds.length);
    expect(seeds).not.toContain(42);
  });

  it('sends a retried call the seed it had the first time', () => {
    const paused = runMachine(
      turnState({ seed: 7 }),
      scripted({ draft: ['bad'], judge: [1], base: [{ fail: RETRYABLE }] }),
    );
    const first = paused.started.find((started) => started.call.id === 'base-step-0');
    const persisted = JSON.parse(JSON.stringify(paused.state));
    const resumed = runMachine(persisted, scripted({ base: ['\\boxed{5}'], streams: [ANSWER] }));
    expect(resumed.started[0]?.call.id).toBe('base-step-0');
    expect(first && seedOf(first)).toBeDefined();
    expect(seedOf(resumed.started[0] as StartedCall)).toBe(first && seedOf(first));
  });

  it('gives the same turn the same seeds on every run, and another turn other seeds', () => {
    const play = (seed: number) =>
      runMachine(
        turnState({ seed }),
        scripted({ draft: ['One.', '\\boxed{5}'], judge: [9, 9], streams: [ANSWER] }),
      ).started.map(seedOf);
    expect(play(3)).toEqual(play(3));
    expect(play(4)).not.toEqual(play(3));
  });

  it('stays within [1, 2^32 - 2] for any turn seed, inside every backend range', () => {
    for (const turnSeed of [0, 1, 42, 2 ** 31, 2 ** 32 - 1]) {
      for (const kind of ['draft-step', 'judge', 'base-step', 'answer', 'free-run'] as const) {
        for (let index = 0; index < 200; index += 1) {
          const seed = callSeed(turnSeed, kind, index);
          expect(Number.isInteger(seed)).toBe(true);
          expect(seed).toBeGreaterThanOrEqual(1);
          expect(seed).toBeLessThanOrEqual(MAX_CALL_SEED);
        }
      }
    }
    expect(MAX_CALL_SEED).toBe(2 ** 32 - 2);
  });

  it('sends no seed at all under the reference semantics, as the reference does', () => {
    const run = runMachine(
      turnState({ semantics: 'reference' }),
      scripted({ draft: ['One.', '\\boxed{5}'], judge: [9, 9], streams: [ANSWER] }),
    );
    expect(run.started.map(seedOf).every((seed) => seed === undefined)).toBe(true);
  });
});
