/**
 * Wire conformance with the pinned vLLM version, over HTTP, against the fixture templates.
 */
import { describe, expect, it } from 'vitest';
import { judgeMessages, problemMessages, stepMessages } from '../../src/core/prompts.ts';
import { ssePayloads } from '../../test/support/sse.ts';
import { judgeRequest, stepRequest } from './sweep-loop.ts';
import { fixture, matchesTemplate, post, useSimulator } from './testing/harness.ts';

const PROBLEM =
  'Maya has 14 crates. Each of the crates holds 12 boxes. Then 37 more boxes arrive. How many boxes are there at the end?';
const base = problemMessages({ template: 'math', text: PROBLEM });
const STEP = {
  model: 'draft',
  ...stepRequest(stepMessages(base, ['Each crate holds 12 boxes: 14 × 12 = 168.']), false),
};
const JUDGE = {
  model: 'base',
  ...judgeRequest(judgeMessages(base, ['Each crate holds 12 boxes: 14 × 12 = 168.'])),
};

const running = useSimulator();

const errors = new Map(fixture('errors.txt').map((line) => line.split('\t') as [string, string]));

/** Posts `request` as a chat completion and expects the refusal `name` of errors.txt. */
async function expectRefusal(request: unknown, name: string, status: number) {
  const response = await post(running.url, '/v1/chat/completions', request);
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/json');
  const body = await response.text();
  expect(matchesTemplate(body, errors.get(name)!), body).toBe(true);
}

/**
 * Matches a stream's events against its templates: every token chunk, then the last chunk, the
 * usage chunk and `[DONE]`.
 */
function expectTokensThenEnd(events: readonly string[], templates: readonly string[]) {
  const [token, last, usage, done] = templates;
  for (const event of events.slice(0, -3)) expect(matchesTemplate(event, token!), event).toBe(true);
  expect(matchesTemplate(events.at(-3)!, last!), events.at(-3)).toBe(true);
  expect(matchesTemplate(events.at(-2)!, usage!), events.at(-2)).toBe(true);
  expect(events.at(-1)).toBe(done);
}

describe('chat completions', () => {
  it('answers a step call with the full v0.10.1.1 body, nulls and field order included', async () => {
    const response = await post(running.url, '/v1/chat/completions', STEP);
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = await response.text();
    expect(matchesTemplate(body, fixture('chat-response.txt')[0]!), body).toBe(true);
    expect(JSON.parse(body).choices[0].message.content).not.toContain('\n\n');
  });

  it('streams the role chunk, token chunks, the finish, the usage chunk and [DONE]', async () => {
    const response = await post(running.url, '/v1/chat/completions', {
      ...STEP,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const events = ssePayloads(await response.text());
    const [first, ...rest] = fixture('chat-stream.txt');
    expect(matchesTemplate(events[0]!, first!), events[0]).toBe(true);
    expectTokensThenEnd(events.slice(1), rest);
  });

  it('streams the same text it answers without streaming, and counts every token including the stop', async () => {
    const whole = await (await post(running.url, '/v1/chat/completions', STEP))
      .text()
      .then(JSON.parse);
    const events = ssePayloads(
      await (
        await post(running.url, '/v1/chat/completions', {
          ...STEP,
          stream: true,
          stream_options: { include_usage: true },
        })
      ).text(),
    );
    const chunks = events.slice(1, -2).map((event) => JSON.parse(event));
    expect(chunks.map((chunk) => chunk.choices[0].delta.content).join('')).toBe(
      whole.choices[0].message.content,
    );
    expect(JSON.parse(events.at(-2)!).usage.completion_tokens).toBe(chunks.length);
    expect(whole.usage.completion_tokens).toBe(chunks.length);
  });

  it('scores with one token and top-10 logprobs, sampled token first, like the reference judge call', async () => {
    const body = await (await post(running.url, '/v1/chat/completions', JUDGE)).text();
    expect(matchesTemplate(body, fixture('chat-judge.txt')[0]!), body).toBe(true);
    const item = JSON.parse(body).choices[0].logprobs.content[0];
    expect(item.top_logprobs).toHaveLength(10);
    expect(item.top_logprobs[0].token).toBe(item.token);
    expect(item.bytes).toEqual([...Buffer.from(item.token, 'utf8')]);
    expect(body).toMatch(/"logprob":-\d+\.\d+(e-\d\d)?[,}]/);
  });

  it('sends an empty top_logprobs list per token with logprobs on and top_logprobs 0', async () => {
    const body = await (
      await post(running.url, '/v1/chat/completions', { ...JUDGE, top_logprobs: 0 })
    )
      .text()
      .then(JSON.parse);
    expect(body.choices[0].logprobs.content[0].top_logprobs).toEqual([]);
  });

  it('echoes the role of the last message when no generation prompt is added', async () => {
    const body = await (
      await post(running.url, '/v1/chat/completions', {
        model: 'base',
        messages: [{ role: 'user', content: 'Hi' }],
        add_generation_prompt: false,
        max_tokens: 5,
      })
    )
      .text()
      .then(JSON.parse);
    expect(body.choices[0].message.role).toBe('user');
  });

  it('continues the final assistant message: the content is only the continuation', async () => {
    const body = await (await post(running.url, '/v1/chat/completions', STEP))
      .text()
      .then(JSON.parse);
    expect(body.choices[0].message.content).not.toContain('14 × 12 = 168');
    expect(body.choices[0].message.content).toContain('168 + 37');
  });
});

describe('completions', () => {
  const prompt = '<|im_start|>user\nwhat is 17*23+4?<|im_end|>\n<|im_start|>assistant\n<think>\n';

  it('answers with the dict logprob layout, k+1 entries at most and offsets in code points', async () => {
    const body = await (
      await post(running.url, '/v1/completions', {
        model: 'base',
        prompt,
        max_tokens: 12,
        logprobs: 3,
      })
    ).text();
    expect(matchesTemplate(body, fixture('completion-response.txt')[0]!), body).toBe(true);
    const { text, logprobs } = JSON.parse(body).choices[0];
    expect(logprobs.tokens.join('')).toBe(text);
    for (const entry of logprobs.top_logprobs)
      expect(Object.keys(entry).length).toBeGreaterThanOrEqual(3);
    for (const entry of logprobs.top_logprobs)
      expect(Object.keys(entry).length).toBeLessThanOrEqual(4);
    const lengths = logprobs.tokens.map((token: string) => [...token].length);
    expect(logprobs.text_offset).toEqual(
      lengths.map((_: number, index: number) =>
        lengths.slice(0, index).reduce((sum: number, length: number) => sum + length, 0),
      ),
    );
  });

  it('defaults max_tokens to 16', async () => {
    const body = await (await post(running.url, '/v1/completions', { model: 'base', prompt }))
      .text()
      .then(JSON.parse);
    expect(body.usage.completion_tokens).toBe(16);
    expect(body.choices[0].finish_reason).toBe('length');
  });

  it('streams chunks with every field and "usage":null, then the usage chunk and [DONE]', async () => {
    const events = ssePayloads(
      await (
        await post(running.url, '/v1/completions', {
          model: 'base',
          prompt,
          max_tokens: 8,
          stream: true,
          stream_options: { include_usage: true },
        })
      ).text(),
    );
    expectTokensThenEnd(events, fixture('completion-stream.txt'));
  });

  it('works a raw ChatML prompt out as the chat endpoint would', async () => {
    const body = await (
      await post(running.url, '/v1/completions', { model: 'base', prompt, max_tokens: 400 })
    )
      .text()
      .then(JSON.parse);
    expect(body.choices[0].text).toContain('17 × 23 = 391');
    expect(body.choices[0].text).toContain('\\boxed{395}');
  });
});

describe('errors', () => {
  it('answers an unknown model with 404', async () => {
    await expectRefusal({ ...STEP, model: 'nope' }, 'unknown-model', 404);
  });

  it('rejects continue_final_message with add_generation_prompt, as request validation', async () => {
    await expectRefusal({ ...STEP, add_generation_prompt: true }, 'both-flags', 400);
  });

  it('rejects continue_final_message when add_generation_prompt is left at its default of true', async () => {
    const { add_generation_prompt: _omitted, ...request } = STEP;
    await expectRefusal(request, 'default-generation-prompt', 400);
  });

  it('rejects top_logprobs without logprobs', async () => {
    await expectRefusal({ ...JUDGE, logprobs: false }, 'top-logprobs-without-logprobs', 400);
  });

  it('rejects more than 20 logprobs: a 400, or in-band once the stream has started', async () => {
    await expectRefusal({ ...JUDGE, top_logprobs: 21 }, 'too-many-logprobs', 400);
    const response = await post(running.url, '/v1/chat/completions', {
      ...JUDGE,
      top_logprobs: 21,
      stream: true,
    });
    expect(response.status).toBe(200);
    const events = ssePayloads(await response.text());
    expect(matchesTemplate(events[0]!, errors.get('too-many-logprobs-in-band')!), events[0]).toBe(
      true,
    );
    expect(events.slice(1)).toEqual(['[DONE]']);
  });

  it('rejects a request longer than the context', async () => {
    await expectRefusal({ ...STEP, max_tokens: 40000 }, 'context-length', 400);
  });
});

describe('models, health and tokenize', () => {
  it('lists every served model as a vLLM model card', async () => {
    const body = await (await fetch(`${running.url}/v1/models`)).text();
    expect(matchesTemplate(body, fixture('models.txt')[0]!), body).toBe(true);
  });

  it('answers /health with 200 and an empty body', async () => {
    const response = await fetch(`${running.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('tokenizes a chat the way the chat endpoint renders it, trailing space of the judge prefix kept', async () => {
    const body: { count: number; tokens: number[]; max_model_len: number; token_strs: string[] } =
      await (
        await post(running.url, '/tokenize', {
          model: 'base',
          messages: JUDGE.messages,
          add_generation_prompt: false,
          continue_final_message: true,
          return_token_strs: true,
        })
      )
        .text()
        .then(JSON.parse);
    expect(body.count).toBe(body.tokens.length);
    expect(body.max_model_len).toBe(32768);
    expect(body.token_strs.slice(-3)).toEqual([' is', ':', ' ']);
  });
});
