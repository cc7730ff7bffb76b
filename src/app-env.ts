/**
 * The Hono environment every route sees: the Worker's bindings, the configuration the app's
 * first middleware read and validated (`c.var.config`), and the authenticated caller
 * (`c.var.caller`, on /v1 routes). Route groups are built with `createRouter` and mounted by
 * src/app.ts with `app.route('/', router)`.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppConfig } from './app-config.ts';
import type { Caller } from './auth.ts';
import { validationError } from './openai/validation.ts';

export type AppEnv = {
  Bindings: CloudflareBindings;
  Variables: { config: AppConfig; caller: Caller };
};

/** A router whose request validation failures answer in the OpenAI error envelope. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error);
    },
  });
}
