/**
 * Replica health shared between conversations through the real runtime (issue 15): the Worker
 * under `wrangler dev`, its base model on two simulator replicas (`BASE_URLS`). Three
 * conversations whose first rendezvous choice is replica X fail on X (503s injected in X's own
 * fault book) and open its circuit breaker; a fourth conversation with the same first choice
 * then never sends X a request, as X's own `/sim/stats` shows, and completes on the other.
 *
 * The Worker assigns conversation ids, so the test makes its conversations first with a
 * draft-only turn (no base call, so none is placed on a base replica yet) and picks, with the
 * project's rendezvous function, four that put the same replica first: with two replicas, seven
 * conversations always hold four such.
 *
 * In the local runtime every Durable Object runs in one isolate, so this shows what a user sees
 * across conversations but cannot tell the ReplicaHealth object (src/replica-health.ts) from
 * the isolate's own pool state; test/worker/pool/shared-health.test.ts shows the object at work
 * (a conversation obeying a breaker only the object holds, failures opening it there).
 */
import { describe, expect, it } from 'vitest';
import { orderOf } from '../adapters/helpers/placement.ts';
import { deferred } from '../support/deferred.ts';
import { QUESTION, QUESTION_SEED } from '../support/question.ts';
import { useStack } from '../support/stack.ts';
import { type LoggedEvent, mathTurn } from '../support/stack-client.ts';

/** The breaker's threshold (DEFAULT_BREAKER_POLICY): consecutive failures that open it. */
const FAILURES_TO_OPEN = 3;
/** Enough conversations that some replica is the first choice of FAILURES_TO_OPEN + 1. */
const CONVERSATIONS = 2 * FAILURES_TO_OPEN + 1;

const fixture = useStack('replica-health-sharing', { baseReplicas: 2 });

/** A new conversation, made with a turn of the draft model alone; returns its id. */
async function draftOnlyConversation(): Promise<string> {
  const client = fixture.client();
  const turn = mathTurn(QUESTION, QUESTION_SEED);
  const started = await client.startTurn({
    ...turn,
    specreason: { ...turn.specreason, mode: 'draft' },
  });
  await client.followTurn(started.conversationId, started.turnId);
  return started.conversationId;
}

/**
 * Starts the conversation's next turn (the seeded question, speculative) and follows it: `judged`
 * resolves at its first scored step (its first base call is over), `ended` with every event.
 */
async function nextTurn(conversationId: string) {
  const client = fixture.client();
  const started = await client.startTurn({
    conversation_id: conversationId,
    ...mathTurn(QUESTION, QUESTION_SEED),
  });
  const judged = deferred();
  const ended = client.followTurn(conversationId, started.turnId, {
    onEvent: (event: LoggedEvent) => {
      if (event.type === 'step-scored') judged.resolve();
    },
  });
  return { turnId: started.turnId, judged: judged.promise, ended };
}

async function baseRequestStatuses(replica: number): Promise<string[]> {
  const requests = await fixture.replicas()[replica]?.requests();
  return (requests ?? []).filter((request) => request.model === 'base').map((r) => r.status);
}

describe('replica health shared between conversations', () => {
  it('keeps a conversation off a replica that other conversations found failing, though it is its first choice', async () => {
    const urls = fixture.stack().baseReplicaUrls.map((root) => `${root}/v1`);
    const ids = await Promise.all(Array.from({ length: CONVERSATIONS }, draftOnlyConversation));
    expect(await baseRequestStatuses(0)).toEqual([]);
    expect(await baseRequestStatuses(1)).toEqual([]);
    const firstOn = (url: string) => ids.filter((id) => orderOf(id, urls)[0] === url);
    const x = urls.findIndex((url) => firstOn(url).length > FAILURES_TO_OPEN);
    const y = 1 - x;
    const [b, ...failing] = firstOn(urls[x] as string).slice(0, FAILURES_TO_OPEN + 1);
    if (b === undefined) throw new Error('No replica is the first choice of enough conversations');

    await fixture.replicas()[x]?.setFaults('base', { rate: 1, kinds: ['503'] });
    const failingTurns = await Promise.all(failing.map(nextTurn));
    await Promise.all(failingTurns.map((turn) => turn.judged));
    // Each failing conversation's first base call went to X, failed, and moved to Y.
    expect(await baseRequestStatuses(x)).toEqual(Array(FAILURES_TO_OPEN).fill('fault:503'));

    const bTurn = await nextTurn(b);
    const bEvents = await bTurn.ended;
    const failingEvents = await Promise.all(failingTurns.map((turn) => turn.ended));

    expect(await baseRequestStatuses(x)).toEqual(Array(FAILURES_TO_OPEN).fill('fault:503'));
    expect((await baseRequestStatuses(y)).length).toBeGreaterThan(0);
    for (const events of [bEvents, ...failingEvents]) {
      expect(events.at(-1)).toMatchObject({ type: 'turn-end', status: 'completed' });
    }
    const bTrace = await fixture.client().turn(b, bTurn.turnId);
    expect(bTrace.status).toBe('completed');
    expect(bTrace.answer).toContain('395');
  });
});
