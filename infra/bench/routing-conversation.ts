/**
 * One conversation of a replica-routing run: its turn driven to the end as the Durable Object
 * would (resumed after pauses), every model call it makes recorded, and afterwards the turn
 * rebuilt in model time from those calls and the simulators' records of them.
 */
import { resolveTurnConfig } from '../../src/core/config.ts';
import { driveTurn, type TurnModels } from '../../src/core/driver.ts';
import { keptStepOf } from '../../src/core/events.ts';
import { problemMessages } from '../../src/core/prompts.ts';
import { createTurnState, type TurnState } from '../../src/core/state.ts';
import type { EvalProblem } from '../eval/datasets/problem.ts';
import type { Simulator } from '../simulator/server.ts';
import type { CallRecorder, RecordedCall } from './call-recorder.ts';
import { servedModelMs } from './model-calls.ts';
import { rebuildTimeline, type TurnTimeline } from './timeline.ts';
import { preciseNow } from './timing-tap.ts';

/** The real ms an alarm waits before resuming a paused turn (the kill run pauses turns). */
const PAUSE_MS = 200;
const MAX_RUNS_PER_TURN = 20;

export interface ConversationResult {
  id: string;
  state: TurnState;
  startedAt: number;
  endedAt: number;
  calls: RecordedCall[];
  /** When each kept step was committed. */
  stepsAt: number[];
}

/** Runs one conversation's turn to its end, resuming after pauses as the Durable Object's alarm would. */
export async function runConversation(
  problem: EvalProblem,
  index: number,
  models: TurnModels,
  onStep: () => void,
  record: CallRecorder['record'],
): Promise<ConversationResult> {
  const id = `conv_${String(index).padStart(3, '0')}`;
  const config = resolveTurnConfig({ seed: index + 1, threshold: 7 });
  let state = createTurnState(
    config,
    problemMessages({ template: problem.kind, text: problem.question, choices: problem.choices }),
  );
  const calls: RecordedCall[] = [];
  const stepsAt: number[] = [];
  const startedAt = preciseNow();
  await record(calls, async () => {
    for (let run = 0; run < MAX_RUNS_PER_TURN; run++) {
      if (run > 0) await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
      state = await driveTurn({
        state,
        models,
        now: () => Date.now(),
        affinityKey: id,
        commit: (_next, events) => {
          for (const event of events) {
            if (keptStepOf(event) === undefined) continue;
            stepsAt.push(preciseNow());
            onStep();
          }
        },
      });
      if (state.status !== 'paused' && state.status !== 'running') break;
    }
  });
  return { id, state, startedAt, endedAt: preciseNow(), calls, stepsAt };
}

/** Each served request's model time (overhead, network, prefill, decode), by origin and id. */
export function modelTimes(servers: { origin: string; replica: Simulator }[]): Map<string, number> {
  const times = new Map<string, number>();
  for (const { origin, replica } of servers) {
    for (const request of replica.state.stats.snapshot().requests) {
      if (request.status !== 'ok') continue;
      times.set(`${origin}|${request.id}`, servedModelMs(request));
    }
  }
  return times;
}

/** The turn in model time; a call without a served record (cut, refused) counts as aborted. */
export function timelineOf(result: ConversationResult, modelMs: Map<string, number>): TurnTimeline {
  const calls = result.calls.map((call) => {
    const ms = modelMs.get(`${call.origin}|${call.simRequestId}`);
    const finished = call.endAt !== undefined && ms !== undefined;
    return {
      requestAt: call.requestAt,
      endAt: call.endAt ?? call.requestAt,
      aborted: !finished,
      modelMs: ms ?? 0,
    };
  });
  return rebuildTimeline(result.startedAt, result.endedAt, calls, result.stepsAt);
}
