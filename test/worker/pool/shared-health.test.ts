/**
 * Replica health shared between Conversation Durable Objects through the pool's ReplicaHealth
 * object (issue 15), in workerd, with the base model on two fake replicas (this project's
 * BASE_URLS). A conversation obeys a breaker that only the object knows about (opened by reports
 * from elsewhere: its own isolate never saw the replica fail), and conversations that fail on a
 * replica open its breaker in the object.
 */
import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { poolNameOf } from '../../../src/adapters/pool/pooled-backend.ts';
import { conversationsFirstOn } from '../../adapters/helpers/placement.ts';
import { FakeVllm, routeFetch } from '../../fakes/fake-vllm.ts';
import { BACKEND_ORIGIN, turnInput } from '../helpers.ts';

const X = 'http://gpu-a.test/v1';
const Y = 'http://gpu-b.test/v1';
const REPLICAS = [X, Y];
const POOL = poolNameOf('base', {
  setting: 'BASE_URLS',
  replicas: REPLICAS.map((url) => ({ url, weight: 1 })),
});
/** Conversations whose first rendezvous choice is X. */
const [B1, A1, A2, A3, B2] = conversationsFirstOn(X, REPLICAS, 5) as [
  string,
  string,
  string,
  string,
  string,
];

let replicaX: FakeVllm;
let replicaY: FakeVllm;
let restore: Array<() => void> = [];
beforeEach(() => {
  replicaX = new FakeVllm();
  replicaY = new FakeVllm();
  restore = [
    routeFetch(BACKEND_ORIGIN, new FakeVllm()),
    routeFetch(new URL(X).origin, replicaX),
    routeFetch(new URL(Y).origin, replicaY),
  ];
});
afterEach(() => {
  for (const undo of restore.reverse()) undo();
});

const health = () => env.REPLICA_HEALTH?.getByName(POOL);
/** A call outcome on X as another isolate reports it, timed now. */
const onX = (outcome: 'success' | 'failure') =>
  ({ id: X, outcome, at: Date.now(), probe: false }) as const;

/** Runs a seeded turn in a new conversation to its end; returns its status and answer. */
async function runTurn(conversationId: string) {
  const stub = env.CONVERSATIONS.getByName(`dev:${conversationId}`);
  expect(await stub.startTurn(turnInput(conversationId))).toMatchObject({
    type: 'started',
    turnId: 1,
  });
  const opened = await stub.events(1, 0);
  if (opened === undefined) throw new Error(`No turn in ${conversationId}`);
  await new Response(opened.stream).text();
  const detail = await stub.turnDetail(1);
  return { status: detail?.status, answer: detail?.answer };
}

describe('replica health shared between Conversation Durable Objects', () => {
  it('keeps conversations off a replica whose breaker the ReplicaHealth object holds open, and opens it there from their failures', async () => {
    const shared = health();
    if (shared === undefined) throw new Error('REPLICA_HEALTH is not bound');
    // Other isolates' conversations found X failing; nothing in this isolate has called it.
    for (let failure = 0; failure < 3; failure++) await shared.report(onX('failure'));
    expect(await runTurn(B1)).toEqual({ status: 'completed', answer: 'The answer is 5.' });
    expect(replicaX.calls).toEqual([]);
    expect(replicaY.calls.length).toBeGreaterThan(0);

    // X recovered (a probe elsewhere succeeded), then fails every call of three conversations.
    await shared.report(onX('success'));
    replicaX.hold(() => new Response('{"error":{"message":"down","code":503}}', { status: 503 }));
    for (const conversation of [A1, A2, A3]) {
      expect(await runTurn(conversation)).toMatchObject({ status: 'completed' });
    }
    expect(replicaX.calls).toHaveLength(3);
    await expect.poll(async () => (await shared.snapshot())[X]?.status).toBe('open');
    expect(await runTurn(B2)).toMatchObject({ status: 'completed' });
    expect(replicaX.calls).toHaveLength(3);
  });
});
