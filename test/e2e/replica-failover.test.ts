/**
 * Failover through the real runtime (issue 15): the Worker under `wrangler dev` with its base
 * model served by four simulator replicas (`BASE_URLS`). A seeded turn whose replica is killed
 * mid-turn continues on the next live replica of its conversation's rendezvous order and ends
 * with exactly the steps, answer and streamed text of the same turn run undisturbed: no step
 * lost, none repeated. The replica killed is the one the conversation is actually using, read
 * from the replicas' own `/sim/stats`, at a point the turn's event stream shows.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keptStepOf, type TurnEvent } from '../../src/core/events.ts';
import { orderOf } from '../adapters/helpers/placement.ts';
import type { SimulatorClient } from '../support/simulator-client.ts';
import { readCompletionStream } from '../support/sse.ts';
import { useStack } from '../support/stack.ts';
import {
  type FinishedTurn,
  type LoggedEvent,
  mathTurn,
  type TurnDetail,
} from '../support/stack-client.ts';

/**
 * A world problem the simulator plans from its text; with this seed the turn keeps six steps
 * (draft, base, draft, base, base, draft) and answers 370, so base-written steps remain after
 * an early kill.
 */
const PROBLEM =
  'Let x satisfy 5x + 32 = 272. Add 26 to the value. Divide the value by 2. Multiply the value by 10. What is the final value?';
const SEED = 1;

/**
 * The `test` profile slowed down ten times, with the base model's tokens four times dearer: a
 * base token takes 20 ms of wall time, so a kill sent when the event stream shows the answer's
 * first token lands while the answer (a dozen tokens) is still streaming.
 */
const SIMULATOR_CONFIG = join(mkdtempSync(join(tmpdir(), 'sr-replica-failover-')), 'sim.json');
writeFileSync(SIMULATOR_CONFIG, JSON.stringify({ models: { base: { decodeMsPerToken: 2 } } }));
const fixture = useStack('replica-failover', {
  baseReplicas: 4,
  timeScale: 10,
  simulatorArgs: ['--config', SIMULATOR_CONFIG],
});
afterAll(() => rmSync(dirname(SIMULATOR_CONFIG), { recursive: true, force: true }));
const killedReplicas = new Set<number>();
let undisturbed: FinishedTurn;

beforeAll(async () => {
  undisturbed = await fixture.client().runTurn(mathTurn(PROBLEM, SEED));
  expect(undisturbed.trace.status).toBe('completed');
  expect(undisturbed.trace.answer).toContain('\\boxed{370}');
  expect(undisturbed.trace.steps.length).toBeGreaterThan(3);
  expect(undisturbed.trace.steps.some((step) => step.origin === 'base')).toBe(true);
});

const keptIndex = (event: LoggedEvent) => keptStepOf(event as unknown as TurnEvent)?.index;

/** What a user can read of a finished turn: its status, its kept steps in order, its answer. */
const outcome = (turn: TurnDetail) => ({
  status: turn.status,
  steps: turn.steps.map(({ index, text, origin, decision }) => ({ index, text, origin, decision })),
  answer: turn.answer,
});

async function baseRequests(replica: SimulatorClient): Promise<number> {
  return (await replica.requests()).filter((request) => request.model === 'base').length;
}

/**
 * Runs the seeded turn in a new conversation and, at the first event `isKillPoint` accepts,
 * kills the base replica serving it: the only one with base requests since the stats reset,
 * looked up at the first kept step (a judged step: the base model has been called), so that the
 * kill itself is one request.
 */
async function runKillingAt(isKillPoint: (event: LoggedEvent) => boolean) {
  const client = fixture.client();
  const replicas = fixture.replicas();
  const live = (index: number) => !killedReplicas.has(index);
  const baseRequestsOfLive = () =>
    Promise.all(replicas.map((replica, index) => (live(index) ? baseRequests(replica) : 0)));
  await Promise.all(replicas.map((replica, index) => live(index) && replica.resetStats()));
  const started = await client.startTurn(mathTurn(PROBLEM, SEED));
  let served: Promise<number[]> | undefined;
  let killing: Promise<number> | undefined;
  const events = await client.followTurn(started.conversationId, started.turnId, {
    onEvent: (event) => {
      if (served === undefined && keptIndex(event) !== undefined) served = baseRequestsOfLive();
      if (killing !== undefined || served === undefined || !isKillPoint(event)) return;
      const located = served;
      killing = (async () => {
        const killed = (await located).findIndex((count) => count > 0);
        killedReplicas.add(killed);
        await replicas[killed]?.kill();
        return killed;
      })();
    },
  });
  if (served === undefined || killing === undefined)
    throw new Error('The turn ended before the kill point');
  return {
    conversationId: started.conversationId,
    events,
    trace: await client.turn(started.conversationId, started.turnId),
    stream: readCompletionStream(await started.body),
    killed: await killing,
    served: await served,
    after: await baseRequestsOfLive(),
  };
}

type Disturbed = Awaited<ReturnType<typeof runKillingAt>>;

/** The turn ended exactly as the undisturbed one: same steps (indices too), answer and stream. */
function expectExact(disturbed: Disturbed) {
  expect(outcome(disturbed.trace)).toEqual(outcome(undisturbed.trace));
  const indices = disturbed.trace.steps.map((_, index) => index);
  expect(disturbed.trace.steps.map((step) => step.index)).toEqual(indices);
  // The event stream shows each kept step once, in order, across the failover.
  expect(disturbed.events.map(keptIndex).filter((index) => index !== undefined)).toEqual(indices);
  expect(disturbed.events.at(-1)).toMatchObject({ type: 'turn-end', status: 'completed' });
  expect(disturbed.stream.reasoning).toBe(undisturbed.stream.reasoning);
  expect(disturbed.stream.content).toBe(undisturbed.stream.content);
  expect(disturbed.stream.finishReasons).toEqual(['stop']);
}

/**
 * Only the killed replica served the turn before the kill, and after it only the first live
 * replica after it in the conversation's rendezvous order did.
 */
function expectHandedToNextReplica(disturbed: Disturbed) {
  const urls = fixture.stack().baseReplicaUrls.map((root) => `${root}/v1`);
  const order = orderOf(disturbed.conversationId, urls).map((url) => urls.indexOf(url));
  const successor = order
    .slice(order.indexOf(disturbed.killed) + 1)
    .find((index) => !killedReplicas.has(index));
  expect(disturbed.served.filter((count) => count > 0)).toHaveLength(1);
  expect(successor).toBeDefined();
  expect(
    disturbed.after.map((count, index) => (count > 0 ? index : -1)).filter((i) => i >= 0),
  ).toEqual([successor]);
}

describe('a base replica killed mid-turn', () => {
  it('between steps: the next replica of the rendezvous order ends the turn with exactly the steps and answer of an undisturbed run', async () => {
    let kept = 0;
    const disturbed = await runKillingAt((event) => keptIndex(event) !== undefined && ++kept === 2);
    expectExact(disturbed);
    expectHandedToNextReplica(disturbed);
  });

  it('while the answer streams: the turn pauses and the next replica picks the answer up where it broke off, no text lost or repeated', async () => {
    const disturbed = await runKillingAt((event) => event.type === 'answer-delta');
    expectExact(disturbed);
    expectHandedToNextReplica(disturbed);
    // The answer's stream broke mid-way: the turn paused on the lost connection, then resumed.
    const paused = disturbed.events.filter((event) => event.type === 'turn-paused');
    expect(paused).toHaveLength(1);
    const pausedAt = disturbed.events.indexOf(paused[0] as LoggedEvent);
    expect(disturbed.events.slice(0, pausedAt).some((e) => e.type === 'answer-delta')).toBe(true);
    expect(disturbed.events.slice(pausedAt).some((e) => e.type === 'answer-delta')).toBe(true);
  });
});
