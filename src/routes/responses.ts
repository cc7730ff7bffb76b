/**
 * POST /v1/responses (the Responses API, Open Responses 2026-04-24): starts a turn in a
 * conversation's Durable Object (a new conversation, or the one `previous_response_id` names)
 * and answers with the response object, its event stream, or (background) at once. The turn
 * runs in the Durable Object either way: a client that leaves does not stop it.
 */
import { createRoute } from '@hono/zod-openapi';
import { createRouter } from '../app-env.ts';
import { ApiError } from '../openai/errors.ts';
import { authErrors, documentedError } from '../openai/response-schemas.ts';
import { ResponseStreamEventSchema } from '../responses/event-schemas.ts';
import { CreateResponseRequestSchema } from '../responses/request-schema.ts';
import { ResponseObjectSchema } from '../responses/resource-schemas.ts';
import { responseId } from '../responses/response-id.ts';
import { ResponseEventStream } from '../responses/stream-events.ts';
import { toResponseTurn } from '../responses/to-turn.ts';
import { newConversationId } from './conversation-stub.ts';
import { findResponse, identityOf, noSuchResponse } from './response-lookup.ts';
import { streamResponse } from './response-stream.ts';
import { randomSeed, startTurn } from './start-turn.ts';

const route = createRoute({
  method: 'post',
  path: '/v1/responses',
  summary: 'Create a response by speculative reasoning (Responses API)',
  request: {
    body: {
      content: { 'application/json': { schema: CreateResponseRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description:
        'The response (background: at once, status queued), or (stream: true) its events as SSE',
      content: {
        'application/json': { schema: ResponseObjectSchema },
        'text/event-stream': { schema: ResponseStreamEventSchema },
      },
    },
    400: documentedError('Invalid or unsupported parameter (the error names it)'),
    404: documentedError('previous_response_id names no response of this API key'),
    409: documentedError("The conversation's previous response is still in progress"),
    413: documentedError('Request body too large'),
    ...authErrors,
  },
});

export const responseRoutes = createRouter().openapi(route, async (c) => {
  const body = c.req.valid('json');
  const config = c.var.config;
  const tenant = c.var.caller.tenant;
  const { turn, record } = toResponseTurn(body, config, randomSeed());
  const previousId = record.previousResponseId;
  const previous =
    previousId === null
      ? undefined
      : await findResponse(c.env, tenant, previousId, 'previous_response_id');
  const conversationId = previous?.identity.conversationId ?? newConversationId();
  const outcome = await startTurn(c.env, {
    conversationId,
    tenant,
    create: previous === undefined,
    turn,
    annotation: JSON.stringify(record),
    follows: previous?.identity.turnId,
  });
  if (outcome.type === 'not-found')
    throw noSuchResponse(String(previousId), 'previous_response_id');
  if (outcome.type === 'not-latest') {
    throw new ApiError({
      status: 400,
      message:
        'previous_response_id must be the latest response of its conversation (branching is not supported)',
      param: 'previous_response_id',
    });
  }
  if (outcome.type === 'busy') {
    throw new ApiError({
      status: 409,
      message: `The conversation's response ${previousId} has a turn still in progress; wait for it or cancel it`,
      param: 'previous_response_id',
      code: 'conversation_busy',
    });
  }
  const id = responseId({ conversationId, turnId: outcome.turnId });
  const identity = identityOf(id, conversationId, outcome.turnId, record, turn.config);
  const translator = new ResponseEventStream(identity, config.prices);
  const { headers, events } = outcome;
  if (body.stream === true) {
    return streamResponse(headers, translator, events);
  }
  if (body.background === true) return c.json(translator.snapshot(), 200, headers);
  for await (const stored of events) translator.push(stored);
  return c.json(translator.snapshot(), 200, headers);
});
