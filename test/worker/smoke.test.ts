import { runInDurableObject } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

describe('the Worker with its real configuration', () => {
  it('answers the health route', async () => {
    const response = await exports.default.fetch('http://example.com/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('starts a Conversation Durable Object that stores nothing until a conversation is created', async () => {
    const stub = env.CONVERSATIONS.getByName('smoke');
    expect(await stub.describe()).toBeUndefined();
    expect(await stub.turnDetail(1)).toBeUndefined();
    expect(await stub.storageStats()).toBeUndefined();
    await runInDurableObject(stub, (_instance, state) => {
      const tables = state.storage.sql
        .exec("SELECT name FROM sqlite_master WHERE type = 'table'")
        .toArray();
      expect(tables).toEqual([]);
    });
  });
});
