/**
 * Runs the step machine synchronously for tests: every call it starts is answered, in the order
 * started, by a responder that returns the machine inputs for that call.
 */
import type { TurnEvent } from '../../src/core/events.ts';
import { transition } from '../../src/core/machine.ts';
import type { CallRef, CallRequest, MachineInput, TurnState } from '../../src/core/state.ts';

export interface StartedCall {
  call: CallRef;
  request: CallRequest;
}

export type Responder = (started: StartedCall, state: TurnState) => MachineInput[] | MachineInput;

export interface MachineRun {
  state: TurnState;
  events: TurnEvent[];
  started: StartedCall[];
  aborted: string[];
}

export function runMachine(
  initial: TurnState,
  respond: Responder,
  first: MachineInput = { type: 'resume' },
  order: 'first-started' | 'last-started' = 'first-started',
  limit = 10_000,
): MachineRun {
  const run: MachineRun = { state: initial, events: [], started: [], aborted: [] };
  const queue: StartedCall[] = [];
  const feed = (input: MachineInput): void => {
    const next = transition(run.state, input);
    run.state = next.state;
    for (const effect of next.effects) {
      if (effect.type === 'emit') run.events.push(effect.event);
      if (effect.type === 'start-call') {
        const started = { call: effect.call, request: effect.request };
        run.started.push(started);
        queue.push(started);
      }
      if (effect.type === 'abort-call') {
        run.aborted.push(effect.callId);
        const position = queue.findIndex((item) => item.call.id === effect.callId);
        if (position >= 0) queue.splice(position, 1);
      }
    }
  };
  feed(first);
  for (let round = 0; queue.length > 0; round += 1) {
    if (round > limit) throw new Error('The machine did not settle');
    const started = (order === 'first-started' ? queue.shift() : queue.pop()) as StartedCall;
    const inputs = respond(started, run.state);
    for (const input of Array.isArray(inputs) ? inputs : [inputs]) feed(input);
  }
  return run;
}

export function eventTypes(events: readonly TurnEvent[]): string[] {
  return events.map((event) => event.type);
}
