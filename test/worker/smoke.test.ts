import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

describe('the Worker with its real configuration', () => {
  it('answers the health route', async () => {
    const response = await exports.default.fetch('http://example.com/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('starts a Conversation Durable Object with its schema migrated', async () => {
    const stub = env.CONVERSATIONS.getByName('smoke');
    expect(await stub.describe()).toBeUndefined();
    expect(await stub.storageStats()).toMatchObject({ schemaVersion: 1, steps: 0 });
  });
});
