import { describe, expect, it } from 'vitest';
import { judgeMessages, problemMessages, stepMessages } from '../../src/core/prompts.ts';
import { loadProfile } from './profile.ts';
import { post, useSimulator } from './testing/harness.ts';

const running = useSimulator({ promptTokensDetails: true });

const base = problemMessages({
  template: 'math',
  text: 'Chen has 60 trays. Each of the trays holds 6 cookies. How many cookies are there at the end?',
});
const stats = async () => (await fetch(`${running.url}/sim/stats`)).text().then(JSON.parse);

describe('/sim/stats', () => {
  it('records busy time from the latency model, and cached tokens when the prefix repeats', async () => {
    await post(running.url, '/sim/stats/reset?cache=1', {});
    const request = {
      model: 'base',
      messages: stepMessages(base, ['Each tray holds 6: 60 × 6 = 360.']),
      continue_final_message: true,
      add_generation_prompt: false,
      max_tokens: 5,
      temperature: 0.6,
    };
    const first = await (await post(running.url, '/v1/chat/completions', request))
      .text()
      .then(JSON.parse);
    const second = await (await post(running.url, '/v1/chat/completions', request))
      .text()
      .then(JSON.parse);
    const [one, two] = (await stats()).requests;
    const prompt = first.usage.prompt_tokens;
    const profile = loadProfile('test').models.base!;
    expect(one).toMatchObject({
      model: 'base',
      kind: 'reasoning',
      status: 'ok',
      promptTokens: prompt,
      cachedTokens: 0,
      prefillTokens: prompt,
      decodeTokens: 5,
    });
    expect(one.prefillMs).toBeCloseTo(
      profile.prefillFixedMs + prompt * profile.prefillMsPerToken,
      9,
    );
    expect(one.decodeMs).toBeCloseTo(4 * profile.decodeMsPerToken, 9);
    expect(one.busyMs).toBeCloseTo(one.prefillMs + one.decodeMs, 9);
    expect(two.cachedTokens).toBe(16 * Math.floor((prompt - 1) / 16));
    expect(second.usage.prompt_tokens_details).toEqual({ cached_tokens: two.cachedTokens });
    expect(one.endedAt).toBeGreaterThanOrEqual(one.startedAt);
    expect((await stats()).models.base).toMatchObject({
      requests: 2,
      decodeTokens: 10,
      cachedTokens: two.cachedTokens,
    });
  });

  it('falls back to the model generation config for omitted sampling parameters', async () => {
    await post(running.url, '/sim/stats/reset', {});
    await post(running.url, '/v1/chat/completions', {
      model: 'base',
      messages: base,
      max_tokens: 2,
    });
    await post(running.url, '/v1/chat/completions', {
      model: 'draft',
      messages: base,
      max_tokens: 2,
    });
    await post(running.url, '/v1/chat/completions', {
      model: 'base',
      messages: base,
      max_tokens: 2,
      temperature: 0,
      top_p: 1,
      top_k: 5,
    });
    const [base0, draft, explicit] = (await stats()).requests;
    expect(base0.sampling).toEqual({ temperature: 0.6, top_p: 0.95, top_k: 40, max_tokens: 2 });
    expect(draft.sampling).toEqual({ temperature: 0.6, top_p: 0.95, top_k: 0, max_tokens: 2 });
    expect(explicit.sampling).toEqual({ temperature: 0, top_p: 1, top_k: 5, max_tokens: 2 });
  });

  it('labels judge calls apart from reasoning calls', async () => {
    await post(running.url, '/sim/stats/reset', {});
    await post(running.url, '/v1/chat/completions', {
      model: 'base',
      messages: judgeMessages(base, ['60 × 6 = 360.']),
      continue_final_message: true,
      add_generation_prompt: false,
      max_tokens: 1,
      temperature: 0,
    });
    expect((await stats()).requests[0]).toMatchObject({
      kind: 'judge',
      decodeTokens: 1,
      decodeMs: 0,
    });
  });
});

describe('/sim/worlds', () => {
  it('serves a world as JSON lines an evaluation harness can load', async () => {
    const response = await fetch(`${running.url}/sim/worlds/gpqa?count=3&seed=5`);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    const items = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(items).toHaveLength(3);
    expect(Object.keys(items[0])).toEqual(['id', 'question', 'choices', 'answer']);
    expect(Object.keys(items[0].choices)).toEqual(['A', 'B', 'C', 'D']);
    const math = (
      await (await fetch(`${running.url}/sim/worlds/math?count=1&seed=5`)).text()
    ).trim();
    expect(Object.keys(JSON.parse(math))).toEqual(['id', 'problem', 'answer']);
  });

  it('answers an unknown world with 404 and a bad count with 400', async () => {
    expect((await fetch(`${running.url}/sim/worlds/chess`)).status).toBe(404);
    expect((await fetch(`${running.url}/sim/worlds/math?count=-1`)).status).toBe(400);
  });
});
