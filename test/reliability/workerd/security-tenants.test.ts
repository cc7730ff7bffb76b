/**
 * Tenant isolation on every conversation route: another tenant's key gets the same 404 as for a
 * conversation that does not exist (no way to tell the two apart), and nothing it sends — a
 * cancel, a resume, a new turn, a replay — reaches or changes the owner's conversation.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { deferred } from '../../support/deferred.ts';
import {
  ask,
  call,
  finishedConversation,
  OTHER_KEY,
  useFakeBackend,
} from '../../worker/helpers.ts';
import { refusal } from './api.ts';

const THIRD_KEY = 'sk-test-third';

const backend = useFakeBackend({ bad: [1], answerAt: 3 });

/** The documented conversation routes (from /openapi.json), as templates. */
let templates: Array<{ method: string; template: string }>;

beforeAll(async () => {
  const document = (await (await call('/openapi.json', { key: null })).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  templates = Object.entries(document.paths)
    .filter(([template]) => template.includes('{conversation}'))
    .flatMap(([template, methods]) =>
      Object.keys(methods).map((method) => ({ method: method.toUpperCase(), template })),
    );
});

const fill = (template: string, conversation: string) =>
  template.replace('{conversation}', conversation).replace('{turn}', '1');

describe("another tenant's conversation", () => {
  it('is a 404 on every conversation route, the same as one that does not exist', async () => {
    expect(templates.length).toBeGreaterThanOrEqual(6);
    const owned = await finishedConversation();
    for (const { method, template } of templates) {
      for (const key of [OTHER_KEY, THIRD_KEY]) {
        const foreign = await refusal(await call(fill(template, owned), { method, key }));
        const missing = await refusal(await call(fill(template, 'conv_missing0'), { method, key }));
        expect(foreign.status, `${method} ${template}`).toBe(404);
        expect({ ...foreign, message: undefined }).toEqual({ ...missing, message: undefined });
        expect(foreign.message.replace(owned, '#')).toBe(
          missing.message.replace('conv_missing0', '#'),
        );
      }
      const own = await call(fill(template, owned), { method });
      expect(own.status, `${method} ${template} by the owner`).not.toBe(404);
      await own.text();
    }
  });

  it('cannot be continued, by body field or header', async () => {
    const owned = await finishedConversation();
    const byBody = await ask({ conversation_id: owned }, OTHER_KEY);
    expect(await refusal(byBody)).toMatchObject({ status: 404, param: 'conversation_id' });
    const byHeader = await call('/v1/chat/completions', {
      method: 'POST',
      key: OTHER_KEY,
      headers: { 'x-conversation-id': owned },
      json: { model: 'specreason', messages: [{ role: 'user', content: 'Mine now?' }] },
    });
    expect(await refusal(byHeader)).toMatchObject({ status: 404, param: 'conversation_id' });
    const view = (await (await call(`/v1/conversations/${owned}`)).json()) as { turns: unknown[] };
    expect(view.turns).toHaveLength(1);
  });

  it("cannot cancel or watch the owner's running turn", async () => {
    const held = deferred<undefined>();
    backend().hold(() => held.promise);
    const running = await ask({ stream: true });
    const owned = running.headers.get('x-conversation-id') as string;
    for (const action of ['cancel', 'resume']) {
      const response = await call(`/v1/conversations/${owned}/turns/1/${action}`, {
        method: 'POST',
        key: OTHER_KEY,
      });
      expect((await refusal(response)).status).toBe(404);
    }
    const watch = await call(`/v1/conversations/${owned}/turns/1/events`, {
      key: OTHER_KEY,
      headers: { 'last-event-id': '0' },
    });
    expect((await refusal(watch)).status).toBe(404);
    held.resolve(undefined);
    await running.text();
    const turn = (await (await call(`/v1/conversations/${owned}/turns/1`)).json()) as {
      status: string;
    };
    expect(turn.status).toBe('completed');
  });
});
