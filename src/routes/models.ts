/** GET /v1/models: the one public model this deployment serves. */
import { createRoute } from '@hono/zod-openapi';
import { createRouter } from '../app-env.ts';
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

export const modelRoutes = createRouter().openapi(route, (c) => {
  const models = {
    object: 'list',
    data: [
      { id: c.var.config.publicModel, object: 'model', created: 0, owned_by: 'specreason-edge' },
    ],
  } satisfies ModelList;
  return c.json(models, 200);
});
