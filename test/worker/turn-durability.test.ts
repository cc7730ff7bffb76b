import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { SqliteConversationStore } from '../../src/adapters/storage/sqlite-store.ts';
import { keptStepOf } from '../../src/core/events.ts';
import { turnInput, useFakeBackend } from './helpers.ts';

const backend = useFakeBackend({ bad: [1, 4], answerAt: 6 });

async function finished(
  stub: DurableObjectStub<import('../../src/conversation.ts').Conversation>,
  turnId = 1,
) {
  const opened = await stub.events(turnId, 0);
  if (opened === undefined) throw new Error('no turn');
  await new Response(opened.stream).text();
  return stub.turnDetail(turnId);
}

describe('the turn loop in the Durable Object', () => {
  it('runs a turn to completion through alarms with no client attached', async () => {
    const stub = env.CONVERSATIONS.getByName('dev:alarm-only');
    const outcome = await stub.startTurn(turnInput('alarm-only'));
    expect(outcome).toEqual({ type: 'started', turnId: 1, afterSeq: 0 });
    const detail = await finished(stub);
    expect(detail?.status).toBe('completed');
    expect(detail?.steps.map((step) => step.decision)).toEqual([
      'accepted',
      'regenerated',
      'accepted',
      'accepted',
      'regenerated',
      'accepted',
      'accepted',
    ]);
  });

  it('starts one turn between two requests chained to the same turn, refusing the other as not the latest', async () => {
    const stub = env.CONVERSATIONS.getByName('dev:chained');
    await stub.startTurn(turnInput('chained'));
    await finished(stub);
    // Two Responses requests with the same previous_response_id: the first starts turn 2 and,
    // once it has ended, the second must not quietly follow turn 2 instead of turn 1.
    const chained = { ...turnInput('chained'), create: false, follows: 1 };
    expect(await stub.startTurn(chained)).toMatchObject({ type: 'started', turnId: 2 });
    expect((await finished(stub, 2))?.status).toBe('completed');
    expect(await stub.startTurn(chained)).toEqual({ type: 'not-latest', latestTurnId: 2 });
    expect(await stub.turnDetail(3)).toBeUndefined();
  });

  it('finishes a turn evicted mid-turn with the same steps as an undisturbed run, none lost or repeated', {
    timeout: 60_000,
  }, async () => {
    const reference = env.CONVERSATIONS.getByName('dev:undisturbed');
    await reference.startTurn(turnInput('undisturbed'));
    const expected = (await finished(reference))?.steps.map((step) => step.text);

    // The base model is down when step 4 is rewritten: the turn pauses with a retry alarm set,
    // the object is evicted (in-memory state gone), and that alarm finishes the turn. The server
    // asks for a wait (two minutes) longer than the adapters retry within a call, so the turn
    // pauses at once and its alarm is far off: run by the test once the backend is back, not by
    // the clock while it is still down (with a 1 s backoff, a test stalled for a second let
    // that alarm retry against the down backend and finish the turn before the test ran it).
    let down = true;
    backend().hold((call) =>
      down && call.kind === 'step' && call.model === 'base' && call.steps === 4
        ? Response.json(
            {
              error: { message: 'overloaded', type: 'ServiceUnavailable', param: null, code: 503 },
            },
            { status: 503, headers: { 'retry-after': '120' } },
          )
        : undefined,
    );
    const stub = env.CONVERSATIONS.getByName('dev:evicted');
    await stub.startTurn(turnInput('evicted'));
    await vi.waitFor(async () => expect((await stub.turnDetail(1))?.status).toBe('paused'), {
      timeout: 20_000,
    });
    await evictDurableObject(stub);
    down = false;
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const detail = await finished(stub);
    expect(detail?.status).toBe('completed');
    expect(detail?.steps.map((step) => step.text)).toEqual(expected);
    await runInDurableObject(stub, (_instance, state) => {
      const store = new SqliteConversationStore(state.storage);
      store.migrate();
      const kept = store.events(1, 0).flatMap((stored) => {
        const step = keptStepOf(stored.event);
        return step === undefined ? [] : [step.index];
      });
      expect(kept).toEqual(expected?.map((_, index) => index));
    });
  });

  it('does not repeat a step when the alarm fires again', async () => {
    const stub = env.CONVERSATIONS.getByName('dev:repeated');
    await stub.startTurn(turnInput('repeated'));
    const detail = await finished(stub);
    const calls = backend().calls.length;
    await runInDurableObject(stub, async (instance) => {
      await instance.alarm();
      await instance.alarm();
    });
    expect(backend().calls.length).toBe(calls);
    expect((await stub.turnDetail(1))?.steps).toEqual(detail?.steps);
  });

  it('migrates its schema idempotently, keeping the data', async () => {
    const stub = env.CONVERSATIONS.getByName('dev:migrations');
    await stub.startTurn(turnInput('migrations'));
    await finished(stub);
    await runInDurableObject(stub, (_instance, state) => {
      const store = new SqliteConversationStore(state.storage);
      expect(store.migrate()).toBe(2);
      expect(store.migrate()).toBe(2);
      expect(store.schemaVersion()).toBe(2);
      expect(store.steps(1)).toHaveLength(7);
    });
  });

  it("moves a version-1 turn's prompt out of the state every commit rewrites, and the turn reads the same", async () => {
    const stub = env.CONVERSATIONS.getByName('dev:migration-2');
    await stub.startTurn(turnInput('migration-2'));
    const before = await finished(stub);
    await runInDurableObject(stub, (_instance, state) => {
      const sql = state.storage.sql;
      const current = new SqliteConversationStore(state.storage);
      current.open();
      const messages = current.turn(1)?.state.messages;
      expect(messages?.at(-1)?.content).toContain('What is 2+3?');
      // Back to version 1's shape: the prompt inside `state`, no `messages` column.
      sql.exec("UPDATE turns SET state = json_set(state, '$.messages', json(messages))");
      sql.exec('ALTER TABLE turns DROP COLUMN messages');
      sql.exec("UPDATE schema_meta SET value = 1 WHERE key = 'version'");
      const store = new SqliteConversationStore(state.storage);
      expect(store.migrate()).toBe(2);
      const row = sql.exec('SELECT state, messages FROM turns WHERE turn_id = 1').one();
      expect(JSON.parse(String(row.state))).not.toHaveProperty('messages');
      expect(JSON.parse(String(row.messages))).toEqual(messages);
      expect(store.turn(1)?.state.messages).toEqual(messages);
    });
    expect(await stub.turnDetail(1)).toEqual(before);
  });

  it('refuses a second turn while one is in progress', async () => {
    let open = false;
    backend().hold(() => (open ? undefined : new Promise<undefined>(() => {})));
    const stub = env.CONVERSATIONS.getByName('dev:busy');
    await stub.startTurn(turnInput('busy'));
    expect(await stub.startTurn({ ...turnInput('busy'), create: false })).toEqual({
      type: 'busy',
      turnId: 1,
    });
    open = true;
    await stub.cancelTurn(1);
  });

  it('cancels a turn in progress and ends its event stream', async () => {
    backend().hold(() => new Promise<undefined>(() => {}));
    const stub = env.CONVERSATIONS.getByName('dev:cancelled');
    const before = backend().calls.length;
    await stub.startTurn(turnInput('cancelled'));
    // Polled from the test: FakeVllm.waitForCalls would resolve in the Durable Object's context,
    // whose I/O the test may not use. vi.waitFor's default 1 s is a speed limit; this is not.
    await vi.waitFor(() => expect(backend().calls.length).toBeGreaterThan(before), {
      timeout: 20_000,
    });
    const outcome = await stub.cancelTurn(1);
    expect(outcome).toMatchObject({ type: 'ok', turn: { status: 'cancelled' } });
    const detail = await finished(stub);
    expect(detail?.status).toBe('cancelled');
  });
});
