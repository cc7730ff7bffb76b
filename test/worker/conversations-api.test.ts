import { describe, expect, it } from 'vitest';
import { readSse } from '../support/sse.ts';
import { ask, call, finishedConversation, OTHER_KEY, useFakeBackend } from './helpers.ts';

useFakeBackend({ bad: [2], answerAt: 3 });

describe('conversation resources', () => {
  it('shows a turn with its per-step trace', async () => {
    const conversation = await finishedConversation();
    const turn = (await (await call(`/v1/conversations/${conversation}/turns/1`)).json()) as Record<
      string,
      any
    >;
    expect(turn).toMatchObject({
      id: 1,
      status: 'completed',
      stop_reason: 'answer',
      answer: 'The answer is 5.',
    });
    expect(
      turn.steps.map((step: any) => [step.index, step.origin, step.decision, step.score]),
    ).toEqual([
      [0, 'draft', 'accepted', 9],
      [1, 'draft', 'accepted', 9],
      [2, 'base', 'regenerated', 2],
      [3, 'draft', 'accepted', 9],
    ]);
    expect(turn.steps[2]).toMatchObject({
      draft_text: 'Step 2 by draft.',
      text: 'Step 2 by base.',
    });
    expect(turn.steps[2].timings.base_ms).toBeTypeOf('number');
  });

  it("replays a turn's events with sequence ids, and from Last-Event-ID only the missed ones", async () => {
    const conversation = await finishedConversation();
    const all = await readSse(await call(`/v1/conversations/${conversation}/turns/1/events`));
    const ids = all.map((message) => Number(message.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(all[0]?.event).toBe('turn-start');
    expect(all.at(-1)?.event).toBe('turn-end');
    const cut = ids[5] as number;
    const rest = await readSse(
      await call(`/v1/conversations/${conversation}/turns/1/events`, {
        headers: { 'last-event-id': String(cut) },
      }),
    );
    expect(rest.map((message) => Number(message.id))).toEqual(ids.slice(6));
    expect(JSON.parse(rest[0]?.data ?? '{}')).toMatchObject({ seq: ids[6], turn: 1 });
  });

  it('answers a malformed Last-Event-ID with a 400 naming it', async () => {
    const conversation = await finishedConversation();
    const response = await call(`/v1/conversations/${conversation}/turns/1/events`, {
      headers: { 'last-event-id': 'abc' },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { param: 'Last-Event-ID' } });
  });

  it("hides one tenant's conversation from another on every route", async () => {
    const conversation = await finishedConversation();
    const routes: Array<[string, string]> = [
      ['GET', `/v1/conversations/${conversation}`],
      ['GET', `/v1/conversations/${conversation}/turns/1`],
      ['GET', `/v1/conversations/${conversation}/turns/1/events`],
      ['POST', `/v1/conversations/${conversation}/turns/1/cancel`],
      ['POST', `/v1/conversations/${conversation}/turns/1/resume`],
    ];
    for (const [method, path] of routes) {
      const response = await call(path, { method, key: OTHER_KEY });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    const continued = await ask({ conversation_id: conversation }, OTHER_KEY);
    expect(continued.status).toBe(404);
    expect((await call(`/v1/conversations/${conversation}`)).status).toBe(200);
  });

  it("reports the conversation's database size and kept steps, and hides it from other tenants", async () => {
    const conversation = await finishedConversation();
    const response = await call(`/v1/conversations/${conversation}/storage`);
    expect(response.status).toBe(200);
    const storage = (await response.json()) as Record<string, unknown>;
    expect(storage).toMatchObject({
      object: 'conversation.storage',
      conversation_id: conversation,
      steps: 4,
      schema_version: 2,
    });
    expect(storage.database_bytes).toBeGreaterThan(0);
    const other = await call(`/v1/conversations/${conversation}/storage`, { key: OTHER_KEY });
    expect(other.status).toBe(404);
    expect((await call('/v1/conversations/conv_missing/storage')).status).toBe(404);
  });

  it('refuses to resume a completed turn', async () => {
    const conversation = await finishedConversation();
    const response = await call(`/v1/conversations/${conversation}/turns/1/resume`, {
      method: 'POST',
    });
    expect(response.status).toBe(409);
  });

  it('answers unknown turns and conversations with 404 in the OpenAI envelope', async () => {
    const conversation = await finishedConversation();
    expect((await call(`/v1/conversations/${conversation}/turns/9`)).status).toBe(404);
    const missing = await call('/v1/conversations/conv_missing');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { type: 'not_found_error' } });
    expect((await call('/v1/conversations/bad%20id')).status).toBe(400);
  });
});
