import { describe, expect, it } from 'vitest';
import { readSse } from '../support/sse.ts';
import { ask, call, useFakeBackend } from './helpers.ts';

const backend = useFakeBackend({ bad: [1], answerAt: 3 });

describe('POST /v1/chat/completions', () => {
  it('answers with the kept reasoning and the final answer', async () => {
    const response = await ask({ specreason: { threshold: 7 } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, any>;
    const message = body.choices[0].message;
    expect(message.reasoning_content).toBe(
      'Step 0 by draft.\n\nStep 1 by base.\n\nStep 2 by draft.\n\nStep 3: so \\boxed{5}.',
    );
    expect(message.reasoning).toBe(message.reasoning_content);
    expect(message.content).toBe('The answer is 5.');
    expect(body.choices[0].finish_reason).toBe('stop');
    expect(body.usage.specreason).toMatchObject({
      steps_proposed: 4,
      steps_accepted: 3,
      steps_regenerated: 1,
      judge_calls: 4,
    });
    expect(response.headers.get('x-conversation-id')).toMatch(/^conv_/);
  });

  it('streams reasoning deltas before content, one finish chunk, usage on request, then [DONE]', async () => {
    const response = await ask({ stream: true, stream_options: { include_usage: true } });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const messages = await readSse(response);
    expect(messages.at(-1)?.data).toBe('[DONE]');
    const chunks = messages.slice(0, -1).map((message) => JSON.parse(message.data));
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
    const deltas = chunks.flatMap((chunk) => chunk.choices.map((choice: any) => choice.delta));
    const reasoning = deltas.map((delta) => delta.reasoning_content ?? '').join('');
    const content = deltas.map((delta) => delta.content ?? '').join('');
    expect(reasoning).toBe(
      'Step 0 by draft.\n\nStep 1 by base.\n\nStep 2 by draft.\n\nStep 3: so \\boxed{5}.',
    );
    expect(content).toBe('The answer is 5.');
    const lastReasoning = deltas.findLastIndex((delta) => delta.reasoning_content !== undefined);
    const firstContent = deltas.findIndex((delta) => (delta.content ?? '') !== '');
    expect(lastReasoning).toBeLessThan(firstContent);
    const finishes = chunks.flatMap((chunk) =>
      chunk.choices.filter((choice: any) => choice.finish_reason !== null),
    );
    expect(finishes).toHaveLength(1);
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { specreason: { steps_accepted: 3 } },
    });
  });

  it('uses the reference sampling parameters and the judge protocol on the wire', async () => {
    await ask({});
    expect(backend().calls.map((entry) => `${entry.model}:${entry.kind}:${entry.steps}`)).toEqual([
      'draft:step:0',
      'base:judge:1',
      'draft:step:1',
      'base:judge:2',
      'base:step:1',
      'draft:step:2',
      'base:judge:3',
      'draft:step:3',
      'base:judge:4',
      'base:answer:4',
    ]);
  });

  it('runs base mode without the draft model or the judge', async () => {
    const response = await ask({ specreason: { mode: 'base' } });
    expect(response.status).toBe(200);
    expect(backend().calls.every((entry) => entry.model === 'base' && entry.kind !== 'judge')).toBe(
      true,
    );
  });

  it('continues a named conversation with the earlier answer in the prompt', async () => {
    const first = await ask({});
    const conversation = first.headers.get('x-conversation-id');
    await first.text();
    const second = await ask({
      conversation_id: conversation,
      messages: [{ role: 'user', content: 'And doubled?' }],
    });
    expect(second.status).toBe(200);
    expect(second.headers.get('x-turn-id')).toBe('2');
    const secondTurnCall = backend().calls.at(-1);
    expect(secondTurnCall?.messages.slice(0, 3)).toEqual([
      { role: 'user', content: 'What is 2+3?' },
      { role: 'assistant', content: 'The answer is 5.' },
      { role: 'user', content: expect.stringContaining('And doubled?') },
    ]);
    const view = (await (await call(`/v1/conversations/${conversation}`)).json()) as Record<
      string,
      any
    >;
    expect(view.turns.map((turn: any) => [turn.id, turn.status, turn.question])).toEqual([
      [1, 'completed', 'What is 2+3?'],
      [2, 'completed', 'And doubled?'],
    ]);
  });

  it('refuses an unknown conversation with a 404 naming it', async () => {
    const response = await ask({ conversation_id: 'conv_nope' });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      error: { param: 'conversation_id', type: 'not_found_error' },
    });
  });
});

describe('request validation', () => {
  it.each([
    [{ specreason: { threshold: 12 } }, 'specreason.threshold'],
    [{ specreason: { thresold: 7 } }, 'specreason.thresold'],
    [{ model: 'gpt-4' }, 'model'],
    [{ messages: [] }, 'messages'],
    [{ messages: [{ role: 'assistant', content: 'hi' }] }, 'messages[0].role'],
    [{ tools: [] }, 'tools'],
    [{ temperature: 'hot' }, 'temperature'],
    [{ specreason: { prompt_template: 'multiple-choice' } }, 'specreason.choices'],
  ])('answers %j with a 400 naming %s', async (body, param) => {
    const response = await ask(body);
    expect(response.status).toBe(400);
    const error = ((await response.json()) as { error: Record<string, unknown> }).error;
    expect(error).toMatchObject({ param, type: 'invalid_request_error' });
    expect(typeof error.message).toBe('string');
  });

  it('answers malformed JSON with a 400 in the OpenAI envelope', async () => {
    const response = await call('/v1/chat/completions', {
      method: 'POST',
      body: '{"model":',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });

  it('needs an API key everywhere under /v1 and refuses a wrong one', async () => {
    expect((await call('/v1/models', { key: null })).status).toBe(401);
    const wrong = await call('/v1/models', { key: 'sk-wrong' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({
      error: { type: 'authentication_error', code: 'invalid_api_key' },
    });
    expect((await call('/health', { key: null })).status).toBe(200);
  });

  it('lists the served model', async () => {
    const body = (await (await call('/v1/models')).json()) as Record<string, any>;
    expect(body).toMatchObject({ object: 'list', data: [{ id: 'specreason', object: 'model' }] });
  });
});
