import { describe, expect, it, vi } from 'vitest';
import { ResponseStreamEventSchema } from '../../src/responses/event-schemas.ts';
import {
  DeletedResponseSchema,
  InputItemListSchema,
  ResponseObjectSchema,
} from '../../src/responses/resource-schemas.ts';
import { readSse } from '../support/sse.ts';
import { call, OTHER_KEY, useFakeBackend } from './helpers.ts';
import { expectShape } from './strict-schema.ts';

const backend = useFakeBackend({ bad: [1], answerAt: 3 });
const STEPS = ['Step 0 by draft.', 'Step 1 by base.', 'Step 2 by draft.', 'Step 3: so \\boxed{5}.'];

function create(body: Record<string, unknown>, key?: string) {
  return call('/v1/responses', {
    method: 'POST',
    key,
    json: { model: 'specreason', input: 'What is 2+3?', ...body },
  });
}

async function created(body: Record<string, unknown> = {}): Promise<any> {
  const response = await create(body);
  expect(response.status).toBe(200);
  const json = await response.json();
  expectShape(ResponseObjectSchema, json);
  return json;
}

async function events(response: Response): Promise<any[]> {
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const messages = await readSse(response);
  return messages.map((message) => {
    const event = JSON.parse(message.data);
    expectShape(ResponseStreamEventSchema, event);
    expect(message.event).toBe(event.type);
    expect(message.id).toBe(String(event.sequence_number));
    return event;
  });
}

/** Holds every backend call until the test lets go. */
function holdBackend(): () => void {
  let release!: () => void;
  const open = new Promise<undefined>((resolve) => (release = () => resolve(undefined)));
  backend().hold(() => open);
  return release;
}

describe('POST /v1/responses', () => {
  it('answers with the kept steps as a reasoning item and the answer as a message', async () => {
    const body = await created({ specreason: { threshold: 7 } });
    expect(body).toMatchObject({ object: 'response', status: 'completed', error: null });
    expect(body.id).toMatch(/^resp_/);
    const [reasoning, message] = body.output;
    expect(reasoning.type).toBe('reasoning');
    expect(reasoning.content).toEqual([{ type: 'reasoning_text', text: STEPS.join('\n\n') }]);
    expect(reasoning.summary.map((part: any) => part.text)).toEqual(STEPS);
    expect(message).toMatchObject({ type: 'message', role: 'assistant', status: 'completed' });
    expect(message.content[0].text).toBe('The answer is 5.');
    expect(body.usage.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    expect(body.usage.output_tokens).toBeGreaterThan(
      body.usage.output_tokens_details.reasoning_tokens,
    );
    expect(body.usage.specreason).toMatchObject({ steps_accepted: 3, steps_regenerated: 1 });
    expect(body.completed_at).toBeGreaterThanOrEqual(body.created_at);
  });

  it('maps reasoning.effort to its preset, and the specreason object overrides it', async () => {
    const body = await created({ reasoning: { effort: 'low' }, specreason: { threshold: 6 } });
    expect(body.reasoning).toEqual({ effort: 'low', summary: null });
    const { conversation_id, turn_id } = body.specreason;
    const turn: any = await (
      await call(`/v1/conversations/${conversation_id}/turns/${turn_id}`)
    ).json();
    expect(turn.settings).toMatchObject({ token_budget: 2048, threshold: 6 });
  });

  it.each([
    [{ tools: [{ type: 'function', name: 'f', parameters: {} }] }, 'tools'],
    [{ tool_choice: 'required' }, 'tool_choice'],
    [
      {
        input: [
          {
            role: 'user',
            content: [
              { type: 'input_text', text: 'What is this?' },
              { type: 'input_image', image_url: 'https://example.com/a.png' },
            ],
          },
        ],
      },
      'input[0].content[1]',
    ],
    [{ input: [{ type: 'input_file', file_id: 'f' }] }, 'input[0].type'],
    [{ text: { format: { type: 'json_object' } } }, 'text.format'],
    [{ include: ['reasoning.encrypted_content'] }, 'include'],
    [{ reasoning: { effort: 'minimal' } }, 'reasoning.effort'],
    [{ background: true, store: false }, 'store'],
    [{ model: 'gpt-5' }, 'model'],
    [{ input: [{ role: 'assistant', content: 'Hi' }] }, 'input[0].role'],
    [{ previous_response_id: 'resp_nope' }, 'previous_response_id'],
    [{ frobnicate: 1 }, 'frobnicate'],
  ])('refuses %j with an error naming %s', async (body, param) => {
    const response = await create(body);
    expect([400, 404]).toContain(response.status);
    const json: any = await response.json();
    expect(json.error.param).toBe(param);
  });

  it('accepts the neutral values clients send by default', async () => {
    const body = await created({
      tools: [],
      tool_choice: 'auto',
      text: { format: { type: 'text' } },
      truncation: 'disabled',
      include: [],
      parallel_tool_calls: false,
      metadata: { run: '7' },
    });
    expect(body).toMatchObject({ status: 'completed', metadata: { run: '7' } });
  });
});

describe('streamed responses', () => {
  it('streams the events in the specification order, numbered from 0', async () => {
    const all = await events(await create({ stream: true }));
    expect(all.map((event) => event.sequence_number)).toEqual(all.map((_, index) => index));
    const types = all.map((event) => event.type);
    expect(types.slice(0, 4)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
    ]);
    expect(types.slice(-4)).toEqual([
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const reasoning = all.filter((event) => event.type === 'response.reasoning.delta');
    expect(reasoning.map((event) => event.delta).join('')).toBe(STEPS.join('\n\n'));
    const summaries = all.filter((event) => event.type === 'response.reasoning_summary_text.done');
    expect(summaries.map((event) => event.text)).toEqual(STEPS);
    const text = all.filter((event) => event.type === 'response.output_text.delta');
    expect(text.map((event) => event.delta).join('')).toBe('The answer is 5.');
    const lastReasoning = types.lastIndexOf('response.reasoning.done');
    expect(lastReasoning).toBeLessThan(types.indexOf('response.output_text.delta'));
    const completed = all.at(-1);
    expect(completed.type).toBe('response.completed');
    const retrieved = await (await call(`/v1/responses/${completed.response.id}`)).json();
    expect(retrieved).toEqual(completed.response);
  });

  it('streams a stored response again after any sequence number, with exactly the later events', async () => {
    const all = await events(await create({ stream: true }));
    const id = all[0].response.id;
    const again = await events(await call(`/v1/responses/${id}?stream=true`));
    expect(again).toEqual(all);
    const resumed = await events(await call(`/v1/responses/${id}?stream=true&starting_after=6`));
    expect(resumed).toEqual(all.slice(7));
  });
});

describe('background responses', () => {
  it('answer at once, run on, and can be retrieved, cancelled and deleted', async () => {
    const release = holdBackend();
    const queued = await created({ background: true, metadata: { job: 'a' } });
    expect(queued).toMatchObject({ status: 'queued', background: true, output: [] });
    const id = queued.id;
    const running: any = await (await call(`/v1/responses/${id}`)).json();
    expectShape(ResponseObjectSchema, running);
    expect(running.status).toBe('in_progress');
    // Polled from the test: FakeVllm.waitForCalls would resolve in the Durable Object's context,
    // whose I/O the test may not use. vi.waitFor's default 1 s is a speed limit; this is not.
    await vi.waitFor(() => expect(backend().calls.length).toBeGreaterThan(0), { timeout: 20_000 });
    const cancelled = await call(`/v1/responses/${id}/cancel`, { method: 'POST' });
    const body: any = await cancelled.json();
    expectShape(ResponseObjectSchema, body);
    expect(body.status).toBe('cancelled');
    release();
    const stream = await events(await call(`/v1/responses/${id}?stream=true`));
    expect(stream.at(-1)).toMatchObject({ type: 'response.cancelled' });
    const deleted = await call(`/v1/responses/${id}`, { method: 'DELETE' });
    expectShape(DeletedResponseSchema, await deleted.json());
    expect((await call(`/v1/responses/${id}`)).status).toBe(404);
  });

  it('finishes with no client and is then retrieved whole', async () => {
    const queued = await created({ background: true });
    await vi.waitFor(
      async () => {
        const body: any = await (await call(`/v1/responses/${queued.id}`)).json();
        expect(body.status).toBe('completed');
      },
      // A bound for a turn that never finishes, not a speed limit (it takes ~0.1 s alone).
      { timeout: 20_000 },
    );
    const body: any = await (await call(`/v1/responses/${queued.id}`)).json();
    expect(body.output[1].content[0].text).toBe('The answer is 5.');
  });
});

describe('response ids and conversations', () => {
  it('another API key gets 404 for every route of a response', async () => {
    const { id } = await created();
    for (const [method, path] of [
      ['GET', `/v1/responses/${id}`],
      ['GET', `/v1/responses/${id}/input_items`],
      ['POST', `/v1/responses/${id}/cancel`],
      ['DELETE', `/v1/responses/${id}`],
    ] as const) {
      const response = await call(path, { method, key: OTHER_KEY });
      expect(response.status).toBe(404);
    }
    const chained = await create({ previous_response_id: id }, OTHER_KEY);
    expect(chained.status).toBe(404);
  });

  it('previous_response_id continues the same conversation with the earlier answer as history', async () => {
    const first = await created({ instructions: 'Be brief.' });
    const second = await created({ input: 'And 3+4?', previous_response_id: first.id });
    expect(second.specreason.conversation_id).toBe(first.specreason.conversation_id);
    expect(second.specreason.turn_id).toBe(2);
    expect(second.previous_response_id).toBe(first.id);
    const lastCall = backend().calls.at(-1);
    expect(JSON.stringify(lastCall?.messages)).toContain('The answer is 5.');
    const earlier = await create({ input: 'again', previous_response_id: first.id });
    expect(((await earlier.json()) as any).error.param).toBe('previous_response_id');
  });

  it('lists the input items of a response, newest first by default', async () => {
    const { id } = await created({
      input: [
        { role: 'user', content: 'What is 1+1?' },
        { role: 'assistant', content: [{ type: 'output_text', text: '2' }] },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'And 2+3?' }] },
      ],
    });
    const list: any = await (await call(`/v1/responses/${id}/input_items`)).json();
    expectShape(InputItemListSchema, list);
    expect(list.data.map((item: any) => [item.role, item.content[0].text])).toEqual([
      ['user', 'And 2+3?'],
      ['assistant', '2'],
      ['user', 'What is 1+1?'],
    ]);
    const page: any = await (
      await call(`/v1/responses/${id}/input_items?order=asc&limit=1&after=${list.data[2].id}`)
    ).json();
    expect(page).toMatchObject({ has_more: true, data: [{ role: 'assistant' }] });
  });

  it('a response stored with store: false cannot be retrieved', async () => {
    const { id } = await created({ store: false });
    expect((await call(`/v1/responses/${id}`)).status).toBe(404);
  });
});

describe('/openapi.json', () => {
  it('documents every response route with the schemas the bodies are checked against', async () => {
    const document: any = await (await call('/openapi.json', { key: null })).json();
    const ref = (path: string, method: string, type = 'application/json') =>
      document.paths[path]?.[method]?.responses[200]?.content?.[type]?.schema?.$ref;
    expect(ref('/v1/responses', 'post')).toBe('#/components/schemas/Response');
    expect(ref('/v1/responses', 'post', 'text/event-stream')).toBe(
      '#/components/schemas/ResponseStreamEvent',
    );
    expect(ref('/v1/responses/{response_id}', 'get')).toBe('#/components/schemas/Response');
    expect(ref('/v1/responses/{response_id}/cancel', 'post')).toBe('#/components/schemas/Response');
    expect(ref('/v1/responses/{response_id}', 'delete')).toBe(
      '#/components/schemas/DeletedResponse',
    );
    expect(ref('/v1/responses/{response_id}/input_items', 'get')).toBe(
      '#/components/schemas/ResponseInputItemList',
    );
    expect(
      document.paths['/v1/responses'].post.requestBody.content['application/json'].schema.$ref,
    ).toBe('#/components/schemas/CreateResponseRequest');
  });
});
