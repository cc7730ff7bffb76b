import { describe, expect, it } from 'vitest';
import { ssePayloads } from '../../test/support/sse.ts';
import { post, useSimulator } from './testing/harness.ts';

const CHAT = {
  model: 'draft',
  messages: [{ role: 'user', content: 'what is 12*12?' }],
  max_tokens: 40,
};

const running = useSimulator();

const withFault = (fault: string, body: object = CHAT) =>
  post(running.url, '/v1/chat/completions', body, { 'x-sim-fault': fault });

async function statusesAfter(count: number): Promise<string[]> {
  for (let turn = 0; turn < 10000; turn += 1) {
    const stats = await (await fetch(`${running.url}/sim/stats`)).text().then(JSON.parse);
    if (stats.requests.length >= count)
      return stats.requests.map((request: { status: string }) => request.status);
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('the simulator never recorded the request');
}

describe('faults on request', () => {
  it('answers 429 with retry-after and the error envelope', async () => {
    const response = await withFault('429');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
    expect((await response.text().then(JSON.parse)).error).toMatchObject({
      type: 'RateLimitError',
      code: 429,
      param: null,
    });
  });

  it.each([
    ['500', 'InternalServerError'],
    ['503', 'ServiceUnavailableError'],
  ])('answers %s with the vLLM envelope', async (status, type) => {
    const response = await withFault(status);
    expect(response.status).toBe(Number(status));
    expect((await response.text().then(JSON.parse)).error).toMatchObject({
      type,
      code: Number(status),
    });
  });

  it('cuts a stream mid-way by destroying the socket', async () => {
    const response = await withFault('cut', { ...CHAT, stream: true });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });

  it('cuts a non-stream request before any response', async () => {
    await expect(withFault('cut')).rejects.toThrow();
  });

  it('sends one malformed chunk in an otherwise normal stream', async () => {
    const events = ssePayloads(
      await (await withFault('malformed', { ...CHAT, stream: true })).text(),
    );
    const broken = events.filter((event) => {
      if (event === '[DONE]') return false;
      try {
        JSON.parse(event);
        return false;
      } catch {
        return true;
      }
    });
    expect(broken).toHaveLength(1);
    expect(events.at(-1)).toBe('[DONE]');
  });

  it('drops logprobs that were asked for', async () => {
    const body = await (
      await withFault('no-logprobs', { ...CHAT, logprobs: true, top_logprobs: 5 })
    )
      .text()
      .then(JSON.parse);
    expect(body.choices[0].logprobs).toBeNull();
  });

  it('hangs without a byte until the client gives up', async () => {
    await post(running.url, '/sim/stats/reset', {});
    const controller = new AbortController();
    const arrived = new Promise((resolve) => running.simulator.server.once('request', resolve));
    const pending = fetch(`${running.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sim-fault': 'hang' },
      body: JSON.stringify(CHAT),
      signal: controller.signal,
    });
    await arrived;
    controller.abort();
    await expect(pending).rejects.toThrow();
    expect(await statusesAfter(1)).toEqual(['fault:hang']);
  });
});

describe('faults by configuration', () => {
  it('fails the configured model at the configured rate until cleared', async () => {
    await post(running.url, '/sim/faults', { model: 'draft', rate: 1, kinds: ['503'] });
    expect((await post(running.url, '/v1/chat/completions', CHAT)).status).toBe(503);
    expect(
      (await post(running.url, '/v1/chat/completions', { ...CHAT, model: 'base' })).status,
    ).toBe(200);
    await post(running.url, '/sim/faults', { model: 'draft', clear: true });
    expect((await post(running.url, '/v1/chat/completions', CHAT)).status).toBe(200);
  });

  it('fails the same requests again for the same seed', async () => {
    const pattern = async () => {
      await post(running.url, '/sim/faults', {
        model: 'draft',
        rate: 0.5,
        kinds: ['500'],
        seed: 11,
      });
      const statuses: number[] = [];
      for (let index = 0; index < 12; index += 1)
        statuses.push((await post(running.url, '/v1/chat/completions', CHAT)).status);
      return statuses;
    };
    const first = await pattern();
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await pattern()).toEqual(first);
    await post(running.url, '/sim/faults', { model: '*', clear: true });
  });

  it('rejects an unknown fault kind', async () => {
    expect(
      (await post(running.url, '/sim/faults', { model: 'draft', kinds: ['meteor'] })).status,
    ).toBe(400);
  });
});
