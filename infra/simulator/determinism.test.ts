import { describe, expect, it } from 'vitest';
import { problemMessages } from '../../src/core/prompts.ts';
import { post, startSimulator, useSimulator } from './testing/harness.ts';

const request = {
  model: 'draft',
  messages: problemMessages({
    template: 'math',
    text: 'Lena has 25 trays. Each of the trays holds 8 cookies. How many cookies are there at the end?',
  }),
  max_tokens: 200,
  seed: 42,
  logprobs: true,
  top_logprobs: 5,
};

const running = useSimulator();

const text = async (body: unknown) =>
  (await post(running.url, '/v1/chat/completions', body)).text();

describe('determinism', () => {
  it('answers the same seeded request with byte-identical bodies, ids and created included', async () => {
    expect(await text(request)).toBe(await text(request));
    expect(await text({ ...request, stream: true })).toBe(await text({ ...request, stream: true }));
  });

  it('gives a different id to a different seed', async () => {
    const first = JSON.parse(await text(request));
    const second = JSON.parse(await text({ ...request, seed: 43 }));
    expect(first.id).not.toBe(second.id);
  });

  it('draws fresh ids for unseeded requests unless the simulator runs deterministic', async () => {
    const { seed: _seed, ...unseeded } = request;
    expect(JSON.parse(await text(unseeded)).id).not.toBe(JSON.parse(await text(unseeded)).id);
    const deterministic = await startSimulator({ deterministic: true });
    try {
      const again = async () =>
        (await post(deterministic.url, '/v1/chat/completions', unseeded)).text();
      expect(await again()).toBe(await again());
    } finally {
      await deterministic.close();
    }
  });

  it('uses X-Request-Id as the id, as vLLM does', async () => {
    const response = await post(running.url, '/v1/chat/completions', request, {
      'x-request-id': 'trace-7',
    });
    expect((await response.text().then(JSON.parse)).id).toBe('chatcmpl-trace-7');
  });
});
