/**
 * POST /v1/chat/completions: starts a turn in the conversation's Durable Object (a new
 * conversation unless one is named) and relays its events as an OpenAI chat completion,
 * streamed or whole. The turn runs in the Durable Object: a client that leaves does not stop it.
 */
import { createRoute } from '@hono/zod-openapi';
import { createRouter } from '../app-env.ts';
import { ApiError, badRequest, errorEnvelope, notFound, streamBroke } from '../openai/errors.ts';
import { CompletionAssembler } from '../openai/from-core.ts';
import {
  authErrors,
  ChatCompletionChunkSchema,
  ChatCompletionSchema,
  documentedError,
} from '../openai/response-schemas.ts';
import { ChatCompletionRequestSchema, CONVERSATION_ID_PATTERN } from '../openai/schemas.ts';
import { toTurnRequest } from '../openai/to-core.ts';
import { newConversationId } from './conversation-stub.ts';
import { createSseResponse } from './sse.ts';
import { randomSeed, startTurn } from './start-turn.ts';

const route = createRoute({
  method: 'post',
  path: '/v1/chat/completions',
  summary: 'Create a chat completion by speculative reasoning',
  request: {
    body: {
      content: { 'application/json': { schema: ChatCompletionRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description:
        'A chat completion with `reasoning_content`, or (stream: true) an SSE stream of chunks: reasoning deltas, answer deltas, one finish chunk, an optional usage chunk, then [DONE]',
      content: {
        'application/json': { schema: ChatCompletionSchema },
        'text/event-stream': { schema: ChatCompletionChunkSchema },
      },
    },
    400: documentedError('Invalid request (the error names the parameter)'),
    404: documentedError('Unknown conversation'),
    409: documentedError(
      'The conversation already has a turn in progress, or the turn was cancelled',
    ),
    413: documentedError('Request body too large'),
    ...authErrors,
    502: documentedError('The turn failed (the message says whether resuming can help)'),
  },
});

export const chatCompletionRoutes = createRouter().openapi(route, async (c) => {
  const body = c.req.valid('json');
  const { config, caller } = c.var;
  const turn = toTurnRequest(body, config, randomSeed());
  const named = body.conversation_id ?? c.req.header('x-conversation-id');
  if (named !== undefined && !CONVERSATION_ID_PATTERN.test(named)) {
    throw badRequest('conversation_id must be 1–64 letters, digits, "_" or "-"', 'conversation_id');
  }
  const conversationId = named ?? newConversationId();
  const outcome = await startTurn(c.env, {
    conversationId,
    tenant: caller.tenant,
    create: named === undefined,
    turn,
  });
  if (outcome.type === 'not-found')
    throw notFound(`No conversation '${conversationId}'`, 'conversation_id');
  if (outcome.type === 'busy') {
    throw new ApiError({
      status: 409,
      message: `Conversation '${conversationId}' already has turn ${outcome.turnId} in progress; wait for it or cancel it`,
      param: 'conversation_id',
      code: 'conversation_busy',
    });
  }
  // This route names no turn to follow, so the object has no reason to answer `not-latest`.
  if (outcome.type === 'not-latest') throw new Error('A chat turn was refused as not the latest');
  const startedAt = Date.now();
  const meta = {
    id: `chatcmpl-${conversationId}-${outcome.turnId}`,
    created: Math.floor(startedAt / 1000),
    model: config.publicModel,
    conversationId,
    turnId: outcome.turnId,
  };
  const { headers, events } = outcome;
  const assembler = new CompletionAssembler(meta, config.prices);

  if (body.stream !== true) {
    for await (const stored of events) {
      const step = assembler.push(stored);
      if (step.error !== undefined) throw step.error;
    }
    return c.json(assembler.completion(Date.now() - startedAt), 200, headers);
  }

  const includeUsage = body.stream_options?.include_usage === true;
  return createSseResponse(headers, async (writer) => {
    try {
      await writer.send(JSON.stringify(assembler.roleChunk()));
      for await (const stored of events) {
        const step = assembler.push(stored);
        if (step.comment !== undefined) await writer.comment(step.comment);
        for (const chunk of step.chunks) await writer.send(JSON.stringify(chunk));
        if (step.error !== undefined) await writer.send(JSON.stringify(errorEnvelope(step.error)));
        if (step.end) break;
      }
      const usage = includeUsage ? assembler.usageChunk() : undefined;
      if (usage !== undefined) await writer.send(JSON.stringify(usage));
    } catch (error) {
      const apiError = streamBroke(error, 'resume it from the turn events route');
      await writer.send(JSON.stringify(errorEnvelope(apiError)));
    }
    await writer.send('[DONE]');
  });
});
