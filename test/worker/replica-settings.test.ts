/**
 * A mistake in the replica lists or the location hint is refused on every request, /health
 * included, with a message naming the setting: never a turn that fails later. The Worker's own
 * app, given each setting.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { DEV_KEY } from './helpers.ts';

const app = createApp();
const { BASE_URL: _single, ...withoutBaseUrl } = env as unknown as Record<string, unknown>;

async function send(settings: Record<string, unknown>, path: string) {
  const response = await app.fetch(
    new Request(`http://worker.test${path}`, { headers: { authorization: `Bearer ${DEV_KEY}` } }),
    settings as unknown as CloudflareBindings,
  );
  return {
    status: response.status,
    body: (await response.json()) as { error?: { message: string; code: string } },
  };
}

describe('replica settings', () => {
  it.each([
    ['an empty list', ' , ', /BASE_URLS is empty/],
    [
      'a bad URL',
      'http://a.test/v1, gpu-b:8000/v1',
      /BASE_URLS entry 2 must be an http\(s\) URL \(got "gpu-b:8000\/v1"\)/,
    ],
    [
      'a duplicate',
      'http://a.test/v1, http://a.test/v1/',
      /BASE_URLS lists http:\/\/a.test\/v1\/ twice/,
    ],
  ])('refuses %s on /health and on the API, naming BASE_URLS', async (_case, value, message) => {
    for (const path of ['/health', '/v1/models']) {
      const answer = await send({ ...withoutBaseUrl, BASE_URLS: value }, path);
      expect(answer.status).toBe(500);
      expect(answer.body.error?.code).toBe('server_misconfigured');
      expect(answer.body.error?.message).toMatch(message);
    }
  });

  it('refuses an unknown location hint, listing the valid ones', async () => {
    const answer = await send({ ...env, CONVERSATION_LOCATION_HINT: 'mars' }, '/health');
    expect(answer.status).toBe(500);
    expect(answer.body.error?.message).toMatch(
      /CONVERSATION_LOCATION_HINT must be one of wnam, enam, .* \(got "mars"\)/,
    );
  });

  it('serves with a valid list of replicas and a location hint', async () => {
    const settings = {
      ...withoutBaseUrl,
      BASE_URLS: 'http://a.test/v1 2, http://b.test/v1',
      CONVERSATION_LOCATION_HINT: 'weur',
    };
    expect((await send(settings, '/health')).status).toBe(200);
    expect((await send(settings, '/v1/models')).status).toBe(200);
  });
});
