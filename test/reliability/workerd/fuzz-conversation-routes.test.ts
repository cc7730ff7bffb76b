/**
 * Hostile paths, methods and cursors on the conversation routes (fast-check, fixed seed), and
 * conversation ids used twice or not at all. Never a 5xx; a replayed Last-Event-ID (or `after`)
 * gives exactly the events after it, each once; refusals change nothing.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { deferred } from '../../support/deferred.ts';
import { parseSse } from '../../support/sse.ts';
import {
  ask,
  call,
  finishedConversation,
  useFakeBackend,
  withFakeBackend,
} from '../../worker/helpers.ts';
import { answerOf, fuzzRuns, refusal } from './api.ts';

const backend = useFakeBackend({ bad: [1], answerAt: 3 });

/** A finished conversation and its turn as first read: the fuzzing must leave both as they are. */
let conversation: string;
let original: unknown;
let sequence: number[];

beforeAll(async () => {
  await withFakeBackend({ bad: [1], answerAt: 3 }, async () => {
    conversation = await finishedConversation();
    original = await (await call(`/v1/conversations/${conversation}/turns/1`)).json();
    sequence = (await events()).map((event) => event.seq);
  });
});

async function events(headers: Record<string, string> = {}, query = '') {
  const response = await call(`/v1/conversations/${conversation}/turns/1/events${query}`, {
    headers,
  });
  expect(response.status).toBe(200);
  return parseSse(await response.text()).messages.map(
    (message) =>
      ({ id: Number(message.id), ...JSON.parse(message.data) }) as { id: number; seq: number },
  );
}

/** A path segment a client might send: any text, percent-encoded, or a few classics. */
const segment = fc.oneof(
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
  fc.constantFrom(
    '..',
    '.',
    '%2e%2e',
    '%00',
    '%2F',
    '1e0',
    '-1',
    '0',
    '01',
    '1.5',
    'x'.repeat(300),
  ),
  fc.integer({ min: -5, max: 2 ** 40 }).map(String),
);

describe('hostile conversation routes', () => {
  it('answers any method on any conversation path without a server error, changing nothing', async () => {
    const method = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD');
    const tail = fc.constantFrom('', '/turns/', '/events', '/cancel', '/resume', '/storage', '/x');
    const path = fc
      .tuple(fc.oneof(segment, fc.constant(conversation)), fc.option(segment), tail, tail)
      .map(
        ([id, turn, first, second]) =>
          `/v1/conversations/${id}${turn === null ? '' : `/turns/${turn}`}${first}${second}`,
      );
    await fc.assert(
      fc.asyncProperty(method, path, async (verb, target) => {
        const response = await call(target, { method: verb });
        expect(response.status, `${verb} ${target}`).toBeLessThan(500);
        if (response.status >= 400 && verb !== 'HEAD') await refusal(response);
        else await response.text();
      }),
      fuzzRuns(300),
    );
    expect(await (await call(`/v1/conversations/${conversation}/turns/1`)).json()).toEqual(
      original,
    );
  });
});

describe('replayed cursors', () => {
  it('replays exactly the events after any Last-Event-ID, and refuses one that is not a number', async () => {
    const cursor = fc.oneof(
      fc.integer({ min: 0, max: (sequence.at(-1) ?? 0) + 3 }).map(String),
      fc.string({ maxLength: 20 }),
      fc.constantFrom('-1', '1.0', ' 3 ', '1e3', '9'.repeat(16), '0x10', ''),
    );
    await fc.assert(
      fc.asyncProperty(cursor, async (value) => {
        const response = await call(`/v1/conversations/${conversation}/turns/1/events`, {
          headers: { 'last-event-id': value },
        });
        if (!/^\d{1,15}$/.test(value.trim())) {
          expect(await refusal(response)).toMatchObject({ status: 400, param: 'Last-Event-ID' });
          return;
        }
        const replay = parseSse(await response.text()).messages.map((message) =>
          Number(message.id),
        );
        expect(replay).toEqual(sequence.filter((seq) => seq > Number(value.trim())));
      }),
      fuzzRuns(150),
    );
  });

  it('replays from ?after= the same way, and lets Last-Event-ID win when both are sent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: -3, max: (sequence.at(-1) ?? 0) + 3 }),
        fc.integer({ min: 0, max: (sequence.at(-1) ?? 0) + 3 }),
        async (after, lastEventId) => {
          const query = `?after=${after}`;
          if (after < 0) {
            const response = await call(`/v1/conversations/${conversation}/turns/1/events${query}`);
            expect(await refusal(response)).toMatchObject({ status: 400, param: 'after' });
            return;
          }
          const fromQuery = (await events({}, query)).map((event) => event.seq);
          expect(fromQuery).toEqual(sequence.filter((seq) => seq > after));
          const both = await events({ 'last-event-id': String(lastEventId) }, query);
          expect(both.map((event) => event.seq)).toEqual(
            sequence.filter((seq) => seq > lastEventId),
          );
        },
      ),
      fuzzRuns(60),
    );
  });

  it('gives the same replay for the same cursor, however often it is sent', async () => {
    const cut = String(sequence[3]);
    const first = await events({ 'last-event-id': cut });
    for (let again = 0; again < 5; again++)
      expect(await events({ 'last-event-id': cut })).toEqual(first);
    expect(first.every((event) => event.id === event.seq)).toBe(true);
  });
});

describe('conversation ids used twice or not at all', () => {
  it('starts a new conversation for every request that names none', async () => {
    const ids = new Set<string>();
    for (let count = 0; count < 5; count++) ids.add(await finishedConversation());
    expect(ids.size).toBe(5);
  });

  it('runs one turn at a time when two requests name the same conversation at once', async () => {
    const held = deferred<undefined>();
    const named = await finishedConversation();
    backend().hold(() => held.promise);
    const [one, two] = await Promise.all([
      ask({ conversation_id: named, stream: true }),
      ask({ conversation_id: named, stream: true }),
    ]);
    const statuses = [one.status, two.status].sort();
    expect(statuses).toEqual([200, 409]);
    const busy = one.status === 409 ? one : two;
    expect(await refusal(busy)).toMatchObject({
      param: 'conversation_id',
      code: 'conversation_busy',
    });
    held.resolve(undefined);
    await (one.status === 200 ? one : two).text();
    const view = (await (await call(`/v1/conversations/${named}`)).json()) as { turns: unknown[] };
    expect(view.turns).toHaveLength(2);
  });

  it('takes the body conversation_id over the X-Conversation-Id header', async () => {
    const named = await finishedConversation();
    const second = await call('/v1/chat/completions', {
      method: 'POST',
      headers: { 'x-conversation-id': 'conv_elsewhere' },
      json: {
        model: 'specreason',
        conversation_id: named,
        messages: [{ role: 'user', content: 'And again?' }],
      },
    });
    const answer = await answerOf(second);
    expect(answer.status).toBe(200);
    expect(second.headers.get('x-conversation-id')).toBe(named);
    expect((await call('/v1/conversations/conv_elsewhere')).status).toBe(404);
  });
});
