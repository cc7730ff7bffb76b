import { describe, expect, it } from 'vitest';
import { transition } from '../../src/core/machine.ts';
import type { MachineInput, TurnState } from '../../src/core/state.ts';
import { generated, judged } from '../fakes/fake-models.ts';
import { turnState } from './script.ts';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

describe('transitions', () => {
  it('never change the state they are given, kept steps included', () => {
    let state: TurnState = turnState();
    const inputs = (current: TurnState): MachineInput[] => {
      const call = current.inFlight[0];
      if (call === undefined) return [];
      if (call.kind === 'judge')
        return [
          {
            type: 'judge-done',
            callId: call.id,
            result: judged(current.steps.length % 2 === 0 ? 9 : 2),
            elapsedMs: 1,
          },
        ];
      const text = current.steps.length === 4 ? '\\boxed{5}' : `Step ${current.steps.length}.`;
      return [
        {
          type: 'call-done',
          callId: call.id,
          result: generated(call.kind === 'answer' ? '</think>\n\n5' : text),
          elapsedMs: 1,
        },
      ];
    };
    const first = transition(deepFreeze(state), { type: 'resume' });
    state = first.state;
    for (let round = 0; round < 40 && state.status === 'running'; round += 1) {
      const before = JSON.stringify(state);
      for (const input of inputs(state)) {
        const frozen = deepFreeze(state);
        state = transition(frozen, input).state;
        expect(JSON.stringify(frozen)).toBe(before);
      }
    }
    expect(state.status).toBe('completed');
    expect(state.steps.map((step) => step.decision)).toEqual([
      'accepted',
      'regenerated',
      'accepted',
      'regenerated',
      'accepted',
    ]);
  });
});
