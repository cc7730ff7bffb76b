import { describe, expect, it } from 'vitest';
import { ssePayloads } from '../../test/support/sse.ts';
import { loadProfile } from './profile.ts';
import { post, useSimulator } from './testing/harness.ts';

const RUN = '/client/v4/accounts/acc123/ai/run/';
const RAW_PROMPT =
  '<|im_start|>user\nwhat is 17*23+4?<|im_end|>\n<|im_start|>assistant\n<think>\nFirst, 17 × 23 = 391.\n\n';

const running = useSimulator({ profile: loadProfile('edge') });

describe('Workers AI REST shape', () => {
  it('wraps a non-stream answer in the result envelope with usage', async () => {
    const response = await post(running.url, `${RUN}draft`, {
      messages: [{ role: 'user', content: 'what is 2+3?' }],
      max_tokens: 300,
    });
    const body = await response.text().then(JSON.parse);
    expect(body).toMatchObject({ success: true, errors: [], messages: [] });
    expect(body.result.response).toContain('2 + 3 = 5');
    expect(body.result.usage.total_tokens).toBe(
      body.result.usage.prompt_tokens + body.result.usage.completion_tokens,
    );
  });

  it('streams native response events, a usage event and [DONE]', async () => {
    const response = await post(running.url, `${RUN}draft`, {
      prompt: RAW_PROMPT,
      raw: true,
      stream: true,
      max_tokens: 40,
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const events = ssePayloads(await response.text());
    expect(events.at(-1)).toBe('[DONE]');
    const usage = JSON.parse(events.at(-2)!);
    expect(usage).toEqual({
      response: '',
      usage: {
        prompt_tokens: expect.any(Number),
        completion_tokens: 40,
        total_tokens: expect.any(Number),
      },
    });
    for (const event of events.slice(0, -2))
      expect(Object.keys(JSON.parse(event))).toEqual(['response']);
  });

  it('continues a raw prompt and ignores stop, so the client must cut the step itself', async () => {
    const body = await (
      await post(running.url, `${RUN}draft`, {
        prompt: RAW_PROMPT,
        raw: true,
        stop: ['\n\n'],
        max_tokens: 400,
      })
    )
      .text()
      .then(JSON.parse);
    const text: string = body.result.response;
    expect(text).not.toContain('17 × 23 = 391');
    expect(text).toContain('391 + 4 = 395');
    expect(text).toContain('\n\n');
  });

  it('answers to the Workers AI model ids configured as aliases', async () => {
    const response = await post(running.url, `${RUN}@cf/meta/llama-3.2-1b-instruct`, {
      prompt: 'what is 1+1?',
      max_tokens: 5,
    });
    expect((await response.text().then(JSON.parse)).success).toBe(true);
  });

  it('rejects an unknown model and a body without prompt or messages with Workers AI errors', async () => {
    const unknown = await post(running.url, `${RUN}@cf/nobody/nothing`, { prompt: 'hi' });
    expect(unknown.status).toBe(400);
    expect((await unknown.text().then(JSON.parse)).errors[0].code).toBe(5007);
    const empty = await post(running.url, `${RUN}draft`, { max_tokens: 3 });
    expect((await empty.text().then(JSON.parse)).errors[0].code).toBe(5006);
  });

  it('answers a 429 fault with the capacity error code and retry-after', async () => {
    const response = await post(
      running.url,
      `${RUN}draft`,
      { prompt: 'hi' },
      { 'x-sim-fault': '429' },
    );
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
    expect((await response.text().then(JSON.parse)).errors[0].code).toBe(3040);
  });
});
