/**
 * The documented responses are the real ones: bodies from the Worker parse with their response
 * schema made strict at every depth (a key the schema does not name fails, as does a missing or
 * mistyped one), and /openapi.json points each route's responses at those schemas.
 */
import type { z } from '@hono/zod-openapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { TurnEventSchema } from '../../src/openai/event-schemas.ts';
import {
  ChatCompletionChunkSchema,
  ChatCompletionSchema,
  ConversationSchema,
  ConversationStorageSchema,
  ErrorResponseSchema,
  ModelListSchema,
  TurnDetailSchema,
  TurnSummarySchema,
} from '../../src/openai/response-schemas.ts';
import { readSse } from '../support/sse.ts';
import { ask, call, finishedConversation, useFakeBackend } from './helpers.ts';
import { expectShape, strict } from './strict-schema.ts';

let document: any;

beforeAll(async () => {
  document = await (await call('/openapi.json', { key: null })).json();
});
useFakeBackend({ bad: [1], answerAt: 3 });

/** The component a documented response's schema refers to, e.g. `ChatCompletion`. */
function documented(
  method: string,
  path: string,
  status: number,
  contentType = 'application/json',
): string | undefined {
  const operation = document.paths[path]?.[method];
  const reference = operation?.responses[status]?.content?.[contentType]?.schema?.$ref;
  return reference?.replace('#/components/schemas/', '');
}

describe('responses and their documented schemas', () => {
  it('a whole chat completion is a ChatCompletion with usage and its SpecReason extension', async () => {
    const response = await ask({});
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, any>;
    expectShape(ChatCompletionSchema, body);
    expect(body.usage.specreason.steps_regenerated).toBe(1);
    expect(documented('post', '/v1/chat/completions', 200)).toBe('ChatCompletion');
  });

  it('every streamed chunk, the usage chunk included, is a ChatCompletionChunk', async () => {
    const response = await ask({ stream: true, stream_options: { include_usage: true } });
    const messages = await readSse(response);
    expect(messages.at(-1)?.data).toBe('[DONE]');
    const chunks = messages.slice(0, -1).map((message) => JSON.parse(message.data));
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { total_tokens: expect.any(Number) },
    });
    for (const chunk of chunks) expectShape(ChatCompletionChunkSchema, chunk);
    expect(documented('post', '/v1/chat/completions', 200, 'text/event-stream')).toBe(
      'ChatCompletionChunk',
    );
  });

  it('a conversation, its turn with steps, and its storage match their schemas', async () => {
    const conversation = await finishedConversation();
    const base = `/v1/conversations/${conversation}`;
    const body = await (await call(base)).json();
    expectShape(ConversationSchema, body);
    const turn = (await (await call(`${base}/turns/1`)).json()) as Record<string, any>;
    expect(turn.steps.map((step: any) => step.decision)).toContain('regenerated');
    expectShape(TurnDetailSchema, turn);
    expectShape(ConversationStorageSchema, await (await call(`${base}/storage`)).json());
    const cancelled = await call(`${base}/turns/1/cancel`, { method: 'POST' });
    expect(cancelled.status).toBe(200);
    expectShape(TurnSummarySchema, await cancelled.json());

    const path = '/v1/conversations/{conversation}';
    expect(documented('get', path, 200)).toBe('Conversation');
    expect(documented('get', `${path}/turns/{turn}`, 200)).toBe('ConversationTurnDetail');
    expect(documented('get', `${path}/storage`, 200)).toBe('ConversationStorage');
    expect(documented('post', `${path}/turns/{turn}/cancel`, 200)).toBe('ConversationTurn');
    expect(documented('post', `${path}/turns/{turn}/resume`, 200)).toBe('ConversationTurn');
  });

  it("every message of a turn's event stream is a TurnEventMessage of the type its SSE lines name", async () => {
    const conversation = await finishedConversation();
    const response = await call(`/v1/conversations/${conversation}/turns/1/events`);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const messages = await readSse(response);
    const types = messages.map((message) => message.event);
    expect(types).toEqual(expect.arrayContaining(['turn-start', 'step-accepted', 'step-rejected']));
    expect(types).toEqual(expect.arrayContaining(['step-regenerated', 'answer-delta']));
    expect(types.at(-1)).toBe('turn-end');
    const variants = TurnEventSchema.options as readonly z.ZodObject[];
    for (const message of messages) {
      const { seq, turn, at, ...event } = JSON.parse(message.data);
      expect([message.id, message.event]).toEqual([String(seq), event.type]);
      expect([turn, Number.isInteger(at)]).toEqual([1, true]);
      const variant = variants.find((option) => option.shape.type.value === event.type);
      expect(variant, `no schema for event '${event.type}'`).toBeDefined();
      expectShape(variant as z.ZodObject, event);
    }
    const path = '/v1/conversations/{conversation}/turns/{turn}/events';
    expect(documented('get', path, 200, 'text/event-stream')).toBe('TurnEventMessage');
  });

  it('the models list is a ModelList', async () => {
    expectShape(ModelListSchema, await (await call('/v1/models')).json());
    expect(documented('get', '/v1/models', 200)).toBe('ModelList');
  });

  it('errors are the ErrorResponse envelope, under the status each route documents', async () => {
    const conversation = await finishedConversation();
    const cases: Array<{ method: string; path: string; request: () => Promise<Response> }> = [
      {
        method: 'post',
        path: '/v1/chat/completions',
        request: () => ask({ specreason: { threshold: 12 } }),
      },
      { method: 'get', path: '/v1/models', request: () => call('/v1/models', { key: null }) },
      {
        method: 'get',
        path: '/v1/conversations/{conversation}',
        request: () => call('/v1/conversations/conv_missing'),
      },
      {
        method: 'post',
        path: '/v1/conversations/{conversation}/turns/{turn}/resume',
        request: () => call(`/v1/conversations/${conversation}/turns/1/resume`, { method: 'POST' }),
      },
      {
        method: 'post',
        path: '/v1/chat/completions',
        request: () => ask({ messages: [{ role: 'user', content: 'x'.repeat(1_100_000) }] }),
      },
    ];
    const statuses: number[] = [];
    for (const { method, path, request } of cases) {
      const response = await request();
      const { status } = response;
      statuses.push(status);
      expectShape(ErrorResponseSchema, await response.json());
      expect(documented(method, path, status), `${method} ${path} ${status}`).toBe('ErrorResponse');
    }
    expect(statuses).toEqual([400, 401, 404, 409, 413]);
  });

  it('the strict parse refuses a key the schema does not name, however deep', async () => {
    const conversation = await finishedConversation();
    const turn = (await (await call(`/v1/conversations/${conversation}/turns/1`)).json()) as Record<
      string,
      any
    >;
    const [first, ...rest] = turn.steps;
    const variants = [
      { ...turn, extra: 1 },
      { ...turn, steps: [{ ...first, extra: 1 }, ...rest] },
      { ...turn, usage: { ...turn.usage, specreason: { ...turn.usage.specreason, extra: 1 } } },
    ];
    for (const variant of variants) {
      expect(strict(TurnDetailSchema).safeParse(variant).success).toBe(false);
    }
  });
});
