/**
 * The routes of one response: retrieve it (or stream its events again from any sequence
 * number, also after a Worker restart: the events are recomputed from the turn's durable log),
 * cancel it, delete it, list its input items. Another API key's response is a 404.
 */
import { createRoute } from '@hono/zod-openapi';
import { createRouter } from '../app-env.ts';
import { authErrors, documentedError, jsonContent } from '../openai/response-schemas.ts';
import { ResponseStreamEventSchema } from '../responses/event-schemas.ts';
import {
  InputItemsQuerySchema,
  ResponsePathSchema,
  RetrieveQuerySchema,
} from '../responses/request-schema.ts';
import {
  DeletedResponseSchema,
  InputItemListSchema,
  ResponseObjectSchema,
} from '../responses/resource-schemas.ts';
import { ResponseEventStream } from '../responses/stream-events.ts';
import { followTurn } from './follow-turn.ts';
import { inputItemPage } from './response-input-items.ts';
import { currentResponse, findResponse, findResponseWithSteps } from './response-lookup.ts';
import { streamResponse } from './response-stream.ts';

const common = {
  400: documentedError('Invalid parameter (the error names it)'),
  404: documentedError('No such response for this API key (or it was deleted, or not stored)'),
  ...authErrors,
};

const routes = {
  retrieve: createRoute({
    method: 'get',
    path: '/v1/responses/{response_id}',
    summary: 'A response, or (stream=true) its events again from starting_after',
    request: { params: ResponsePathSchema, query: RetrieveQuerySchema },
    responses: {
      200: {
        description: 'The response as it stands, or its events as SSE until it ends',
        content: {
          'application/json': { schema: ResponseObjectSchema },
          'text/event-stream': { schema: ResponseStreamEventSchema },
        },
      },
      ...common,
    },
  }),
  cancel: createRoute({
    method: 'post',
    path: '/v1/responses/{response_id}/cancel',
    summary: 'Cancel a response in progress (a finished one is returned unchanged)',
    request: { params: ResponsePathSchema },
    responses: {
      200: { description: 'The response', content: jsonContent(ResponseObjectSchema) },
      ...common,
    },
  }),
  remove: createRoute({
    method: 'delete',
    path: '/v1/responses/{response_id}',
    summary: 'Delete a response (cancelled first if in progress)',
    request: { params: ResponsePathSchema },
    responses: {
      200: { description: 'Deleted', content: jsonContent(DeletedResponseSchema) },
      ...common,
    },
  }),
  inputItems: createRoute({
    method: 'get',
    path: '/v1/responses/{response_id}/input_items',
    summary: "A response's input items",
    request: { params: ResponsePathSchema, query: InputItemsQuerySchema },
    responses: {
      200: { description: 'The input items', content: jsonContent(InputItemListSchema) },
      ...common,
    },
  }),
};

export const responseResourceRoutes = createRouter();

responseResourceRoutes.openapi(routes.retrieve, async (c) => {
  const { response_id } = c.req.valid('param');
  const query = c.req.valid('query');
  const tenant = c.var.caller.tenant;
  if (query.stream !== 'true') {
    const found = await findResponseWithSteps(c.env, tenant, response_id);
    return c.json(currentResponse(found, c.var.config.prices), 200);
  }
  const found = await findResponse(c.env, tenant, response_id);
  const translator = new ResponseEventStream(found.identity, c.var.config.prices);
  const { turnId } = found.identity;
  const events = followTurn(found.stub, turnId, found.turn.detail.firstSeq - 1);
  return streamResponse({}, translator, events, query.starting_after ?? -1);
});

responseResourceRoutes.openapi(routes.cancel, async (c) => {
  const { response_id } = c.req.valid('param');
  const tenant = c.var.caller.tenant;
  const found = await findResponse(c.env, tenant, response_id);
  await found.stub.cancelTurn(found.identity.turnId);
  return c.json(
    currentResponse(await findResponseWithSteps(c.env, tenant, response_id), c.var.config.prices),
    200,
  );
});

responseResourceRoutes.openapi(routes.remove, async (c) => {
  const { response_id } = c.req.valid('param');
  const found = await findResponse(c.env, c.var.caller.tenant, response_id);
  const status = found.turn.detail.status;
  if (status === 'running' || status === 'paused') {
    await found.stub.cancelTurn(found.identity.turnId);
  }
  const record = { ...found.record, deleted: true };
  await found.stub.annotateTurn(found.identity.turnId, JSON.stringify(record));
  return c.json({ id: response_id, object: 'response' as const, deleted: true as const }, 200);
});

responseResourceRoutes.openapi(routes.inputItems, async (c) => {
  const { response_id } = c.req.valid('param');
  const found = await findResponse(c.env, c.var.caller.tenant, response_id);
  return c.json(inputItemPage(response_id, found.record, c.req.valid('query')), 200);
});
