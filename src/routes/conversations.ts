/**
 * Conversation resources: read a conversation and its turns, a turn with its per-step trace,
 * stream or resume a turn's events (SSE, `id:` = sequence, Last-Event-ID replay then tail),
 * cancel a turn, resume a failed one. Another tenant's conversation is a 404.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Prices } from '../app-config.ts';
import { type AppEnv, createRouter } from '../app-env.ts';
import type { Conversation } from '../conversation.ts';
import type { TurnActionOutcome } from '../conversation-types.ts';
import { ApiError, badRequest, notFound } from '../openai/errors.ts';
import { TurnEventMessageSchema } from '../openai/event-schemas.ts';
import {
  conversationJson,
  storageJson,
  turnDetailJson,
  turnSummaryJson,
} from '../openai/resources.ts';
import {
  authErrors,
  ConversationSchema,
  ConversationStorageSchema,
  documentedError,
  jsonContent,
  TurnDetailSchema,
  TurnSummarySchema,
} from '../openai/response-schemas.ts';
import { ConversationPathSchema, TurnPathSchema } from '../openai/schemas.ts';
import { conversationStub } from './conversation-stub.ts';
import { followTurn } from './follow-turn.ts';
import { createSseResponse } from './sse.ts';

/** What every conversation route can answer besides its own outcomes. */
const common = {
  400: documentedError('Invalid path parameter (the error names it)'),
  ...authErrors,
};

const routes = {
  conversation: createRoute({
    method: 'get',
    path: '/v1/conversations/{conversation}',
    summary: 'A conversation and its turns',
    request: { params: ConversationPathSchema },
    responses: {
      200: { description: 'The conversation', content: jsonContent(ConversationSchema) },
      ...common,
      404: documentedError('No such conversation'),
    },
  }),
  storage: createRoute({
    method: 'get',
    path: '/v1/conversations/{conversation}/storage',
    summary: "The conversation's stored size: database bytes and kept steps (for benchmarks)",
    request: { params: ConversationPathSchema },
    responses: {
      200: { description: 'Storage figures', content: jsonContent(ConversationStorageSchema) },
      ...common,
      404: documentedError('No such conversation'),
    },
  }),
  turn: createRoute({
    method: 'get',
    path: '/v1/conversations/{conversation}/turns/{turn}',
    summary: 'A turn with its per-step trace',
    request: { params: TurnPathSchema },
    responses: {
      200: { description: 'The turn', content: jsonContent(TurnDetailSchema) },
      ...common,
      404: documentedError('No such turn'),
    },
  }),
  events: createRoute({
    method: 'get',
    path: '/v1/conversations/{conversation}/turns/{turn}/events',
    summary: "Stream a turn's events (SSE); resume with Last-Event-ID or ?after=",
    request: {
      params: TurnPathSchema,
      query: z.object({ after: z.coerce.number().int().min(0).optional() }),
    },
    responses: {
      200: {
        description: 'An SSE stream of events until turn-end (`id:` = seq, `event:` = type)',
        content: { 'text/event-stream': { schema: TurnEventMessageSchema } },
      },
      ...common,
      400: documentedError('Invalid path parameter, `after` or Last-Event-ID'),
      404: documentedError('No such turn'),
    },
  }),
  cancel: createRoute({
    method: 'post',
    path: '/v1/conversations/{conversation}/turns/{turn}/cancel',
    summary: 'Cancel a turn in progress',
    request: { params: TurnPathSchema },
    responses: {
      200: { description: 'The turn after cancelling', content: jsonContent(TurnSummarySchema) },
      ...common,
      404: documentedError('No such turn'),
    },
  }),
  resume: createRoute({
    method: 'post',
    path: '/v1/conversations/{conversation}/turns/{turn}/resume',
    summary: 'Resume a paused or failed turn now',
    request: { params: TurnPathSchema },
    responses: {
      200: { description: 'The turn, running again', content: jsonContent(TurnSummarySchema) },
      ...common,
      404: documentedError('No such turn'),
      409: documentedError('The turn cannot be resumed'),
    },
  }),
};

function lastEventId(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  if (!/^\d{1,15}$/.test(header.trim()))
    throw badRequest('Last-Event-ID must be an event sequence number', 'Last-Event-ID');
  return Number(header.trim());
}

/** The named conversation's Durable Object, within the caller's tenant. */
function stubOf(
  c: Pick<Context<AppEnv>, 'env' | 'var'>,
  conversation: string,
): DurableObjectStub<Conversation> {
  return conversationStub(c.env, c.var.caller.tenant, conversation);
}

function answerAction(
  conversation: string,
  turn: number,
  outcome: TurnActionOutcome,
  prices: Prices,
) {
  if (outcome.type === 'not-found')
    throw notFound(`No turn ${turn} in conversation '${conversation}'`);
  if (outcome.type === 'conflict') {
    throw new ApiError({ status: 409, message: outcome.message, code: 'turn_not_resumable' });
  }
  return turnSummaryJson(conversation, outcome.turn, prices);
}

export const conversationRoutes = createRouter();

conversationRoutes.openapi(routes.conversation, async (c) => {
  const { conversation } = c.req.valid('param');
  const view = await stubOf(c, conversation).describe();
  if (view === undefined) throw notFound(`No conversation '${conversation}'`);
  return c.json(conversationJson(view, c.var.config.prices), 200);
});

conversationRoutes.openapi(routes.storage, async (c) => {
  const { conversation } = c.req.valid('param');
  const stats = await stubOf(c, conversation).storageStats();
  if (stats === undefined) throw notFound(`No conversation '${conversation}'`);
  return c.json(storageJson(conversation, stats), 200);
});

conversationRoutes.openapi(routes.turn, async (c) => {
  const { conversation, turn } = c.req.valid('param');
  const detail = await stubOf(c, conversation).turnDetail(turn);
  if (detail === undefined) throw notFound(`No turn ${turn} in conversation '${conversation}'`);
  return c.json(turnDetailJson(conversation, detail, c.var.config.prices), 200);
});

conversationRoutes.openapi(routes.events, async (c) => {
  const { conversation, turn } = c.req.valid('param');
  const stub = stubOf(c, conversation);
  const summary = await stub.turnSummary(turn);
  if (summary === undefined) throw notFound(`No turn ${turn} in conversation '${conversation}'`);
  const after =
    lastEventId(c.req.header('last-event-id')) ??
    c.req.valid('query').after ??
    summary.firstSeq - 1;
  return createSseResponse(
    { 'x-conversation-id': conversation, 'x-turn-id': String(turn) },
    async (writer) => {
      try {
        for await (const stored of followTurn(stub, turn, after)) {
          await writer.send(
            JSON.stringify({
              seq: stored.seq,
              turn: stored.turn,
              at: stored.at,
              ...stored.event,
            }),
            {
              id: stored.seq,
              event: stored.event.type,
            },
          );
        }
      } catch {
        await writer.comment('the event stream broke; reconnect with Last-Event-ID');
      }
    },
  );
});

conversationRoutes.openapi(routes.cancel, async (c) => {
  const { conversation, turn } = c.req.valid('param');
  const outcome = await stubOf(c, conversation).cancelTurn(turn);
  return c.json(answerAction(conversation, turn, outcome, c.var.config.prices), 200);
});

conversationRoutes.openapi(routes.resume, async (c) => {
  const { conversation, turn } = c.req.valid('param');
  const outcome = await stubOf(c, conversation).resumeTurn(turn);
  return c.json(answerAction(conversation, turn, outcome, c.var.config.prices), 200);
});
