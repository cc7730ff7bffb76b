/** GET /v1/models: the one public model this deployment serves. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app.ts';
import { readAppConfig } from '../app-config.ts';
import { authErrors, type ModelList, ModelListSchema } from '../openai/response-schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/v1/models',
  summary: 'List models',
  responses: {
    200: {
      description: 'The served model',
      content: { 'application/json': { schema: ModelListSchema } },
    },
    ...authErrors,
  },
});

export function registerModels(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, (c) => {
    const config = readAppConfig(c.env as unknown as Record<string, unknown>);
    const models = {
      object: 'list',
      data: [{ id: config.publicModel, object: 'model', created: 0, owned_by: 'specreason-edge' }],
    } satisfies ModelList;
    return c.json(models, 200);
  });
}
