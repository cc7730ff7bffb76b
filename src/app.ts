/**
 * Builds the Hono app: the configuration (read and validated once per request), CORS policy,
 * authentication and rate limiting, body limit, the route groups, the OpenAPI document, and the
 * one error handler that answers in the OpenAI envelope.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { readAppConfig, settingsOf } from './app-config.ts';
import { type AppEnv, createRouter } from './app-env.ts';
import { authenticate } from './auth.ts';
import { ApiError, errorResponse } from './openai/errors.ts';
import { chatCompletionRoutes } from './routes/chat-completions.ts';
import { conversationRoutes } from './routes/conversations.ts';
import { modelRoutes } from './routes/models.ts';
import { responseResourceRoutes } from './routes/response-resources.ts';
import { responseRoutes } from './routes/responses.ts';

export function createApp(): OpenAPIHono<AppEnv> {
  const app = createRouter();

  // First, as the CORS policy already needs it: a misconfigured Worker answers 500
  // server_misconfigured on every route, /health included.
  app.use('*', async (c, next) => {
    c.set('config', readAppConfig(settingsOf(c.env)));
    await next();
  });

  app.use('*', async (c, next) => {
    const origins = c.var.config.corsOrigins;
    if (origins.length === 0) return next();
    return cors({
      origin: [...origins],
      allowHeaders: ['authorization', 'content-type', 'last-event-id', 'x-conversation-id'],
      exposeHeaders: ['x-conversation-id', 'x-turn-id', 'retry-after'],
      maxAge: 600,
    })(c, next);
  });

  const health = createRoute({
    method: 'get',
    path: '/health',
    summary: 'Health check (no API key needed)',
    security: [],
    responses: {
      200: {
        description: 'The Worker is up',
        content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } },
      },
    },
  });
  app.openapi(health, (c) => c.json({ status: 'ok' as const }, 200));

  app.use('/v1/*', async (c, next) => {
    const { config } = c.var;
    const caller = await authenticate(c.req.header('authorization'), config.apiKeys);
    c.set('caller', caller);
    const limiter = c.env.RATE_LIMITER as RateLimit | undefined;
    if (limiter !== undefined) {
      const { success } = await limiter.limit({ key: caller.keyHash });
      if (!success) {
        throw new ApiError({
          status: 429,
          message: 'Rate limit reached for this API key; retry later',
          code: 'rate_limit_exceeded',
          headers: { 'retry-after': String(config.rateLimitPeriodSeconds) },
        });
      }
    }
    await next();
  });

  app.use('/v1/*', async (c, next) =>
    bodyLimit({
      maxSize: c.var.config.maxBodyBytes,
      onError: () => {
        throw new ApiError({
          status: 413,
          message: `The request body is larger than ${c.var.config.maxBodyBytes} bytes`,
          code: 'request_too_large',
        });
      },
    })(c, next),
  );

  // Each route group is one sub-app; a new group is one more line here.
  app.route('/', modelRoutes);
  app.route('/', chatCompletionRoutes);
  app.route('/', conversationRoutes);
  app.route('/', responseRoutes);
  app.route('/', responseResourceRoutes);

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'SpecReason Edge',
      version: '0.1.0',
      description: 'OpenAI-compatible reasoning API served by speculative reasoning',
    },
    security: [{ bearer: [] }],
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
  });

  app.notFound(() =>
    errorResponse(new ApiError({ status: 404, message: 'No such route', code: 'unknown_route' })),
  );

  app.onError((error) => {
    if (error instanceof ApiError) return errorResponse(error);
    if (error instanceof HTTPException) {
      const status = error.status >= 400 && error.status < 500 ? error.status : 400;
      return errorResponse(
        new ApiError({
          status,
          message: error.message || 'Invalid request',
          code: 'invalid_request',
        }),
      );
    }
    console.error(
      JSON.stringify({
        log: 'error',
        message: error instanceof Error ? error.message : String(error),
      }),
    );
    return errorResponse(
      new ApiError({ status: 500, message: 'Internal server error', code: 'internal_error' }),
    );
  });

  return app;
}
