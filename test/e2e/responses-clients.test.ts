/**
 * The Responses API end to end (wrangler dev + the simulator), driven by the clients that speak
 * it: the openai SDK's `client.responses` and the AI SDK's OpenAI provider, whose default model
 * speaks the Responses API. Every streamed event is checked against the project's schemas.
 */
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, streamText } from 'ai';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { ResponseStreamEventSchema } from '../../src/responses/event-schemas.ts';
import { ResponseObjectSchema } from '../../src/responses/resource-schemas.ts';
import { readFullStream } from '../support/ai-sdk-stream.ts';
import { QUESTION, QUESTION_SEED } from '../support/question.ts';
import { useStack } from '../support/stack.ts';
import { expectShape } from '../worker/strict-schema.ts';

const fixture = useStack('responses-clients');
const openai = () =>
  new OpenAI({ baseURL: `${fixture.stack().workerUrl}/v1`, apiKey: fixture.stack().apiKey });
/** The SpecReason extension pinning a turn's seed; the Responses API has no `seed` of its own. */
const SEEDED = { specreason: { seed: QUESTION_SEED } };

type AnyEvent = { type: string; sequence_number: number } & Record<string, any>;

/** Every event of an SDK stream, each checked against the schema. */
async function collect(stream: AsyncIterable<unknown>): Promise<AnyEvent[]> {
  const events: AnyEvent[] = [];
  for await (const event of stream) {
    expectShape(ResponseStreamEventSchema, event);
    events.push(event as AnyEvent);
  }
  return events;
}

const joined = (events: AnyEvent[], type: string) =>
  events
    .filter((event) => event.type === type)
    .map((event) => event.delta)
    .join('');

describe('the openai SDK', () => {
  it('creates a response whose reasoning item holds the steps and whose output_text is the answer', async () => {
    const response = await openai().responses.create({
      model: 'specreason',
      input: QUESTION,
      ...SEEDED,
    });
    // The SDK adds `output_text`; the body itself is checked in test/worker/responses-api.test.ts.
    expect(ResponseObjectSchema.safeParse(response).success).toBe(true);
    expect(response.status).toBe('completed');
    expect(response.output_text).toContain('395');
    const reasoning = response.output[0] as any;
    expect(reasoning.type).toBe('reasoning');
    expect(reasoning.content[0].text).toContain('391');
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
  });

  it('streams the reasoning, then the answer, numbered from 0', async () => {
    const stream = await openai().responses.create({
      model: 'specreason',
      input: QUESTION,
      stream: true,
      ...SEEDED,
    });
    const events = await collect(stream);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    expect(joined(events, 'response.reasoning.delta')).toContain('391');
    expect(joined(events, 'response.output_text.delta')).toContain('395');
    const types = events.map((event) => event.type);
    expect(types.lastIndexOf('response.reasoning.delta')).toBeLessThan(
      types.indexOf('response.output_text.delta'),
    );
    expect(types.at(-1)).toBe('response.completed');
  });

  it('runs a background response and streams it again from starting_after', async () => {
    const client = openai();
    const queued = await client.responses.create({
      model: 'specreason',
      input: QUESTION,
      background: true,
      ...SEEDED,
    });
    expect(queued.status).toBe('queued');
    const all = await collect(await client.responses.retrieve(queued.id, { stream: true }));
    const tail = await collect(
      await client.responses.retrieve(queued.id, { stream: true, starting_after: 4 }),
    );
    expect(tail).toEqual(all.slice(5));
    expect(tail.at(-1)?.type).toBe('response.completed');
    const done = await client.responses.retrieve(queued.id);
    expect(done.status).toBe('completed');
    expect(done.output_text).toContain('395');
  });

  it('chains responses with previous_response_id in one conversation', async () => {
    const client = openai();
    const first = await client.responses.create({ model: 'specreason', input: QUESTION });
    const second = await client.responses.create({
      model: 'specreason',
      input: 'And that plus one?',
      previous_response_id: first.id,
    });
    expect(second.previous_response_id).toBe(first.id);
    const place = (response: unknown) => (response as { specreason: object }).specreason;
    expect(place(second)).toEqual({
      conversation_id: (place(first) as { conversation_id: string }).conversation_id,
      turn_id: 2,
    });
    const items = await client.responses.inputItems.list(second.id);
    expect(items.data.map((item: any) => item.content[0].text)).toEqual(['And that plus one?']);
  });

  it('refuses tools with a 400 naming the parameter', async () => {
    const failure = await openai()
      .responses.create({
        model: 'specreason',
        input: QUESTION,
        tools: [{ type: 'function', name: 'f', parameters: {}, strict: true }],
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
    expect((failure as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('tools');
  });
});

describe('the AI SDK OpenAI provider (Responses API)', () => {
  /**
   * The provider's Responses model drops a `seed` setting (with an "unsupported" warning), so
   * the seed rides in the request body's `specreason` object.
   */
  const seededFetch: typeof fetch = (input, init) => {
    if (typeof init?.body !== 'string') return fetch(input, init);
    const body = JSON.parse(init.body) as Record<string, unknown>;
    return fetch(input, { ...init, body: JSON.stringify({ ...body, ...SEEDED }) });
  };
  const model = () =>
    createOpenAI({
      baseURL: `${fixture.stack().workerUrl}/v1`,
      apiKey: fixture.stack().apiKey,
      fetch: seededFetch,
    })('specreason');

  it('generateText gives one reasoning part per kept step and the answer as text', async () => {
    const result = await generateText({ model: model(), prompt: QUESTION });
    expect(result.text).toContain('395');
    const id = result.providerMetadata?.openai?.responseId as string;
    const stored = await openai().responses.retrieve(id);
    const steps = (stored.output[0] as any).summary.map((part: any) => part.text);
    expect(steps.length).toBeGreaterThan(1);
    expect(result.reasoning.map((part) => part.text)).toEqual(steps);
  });

  it('streamText yields the reasoning before the text', async () => {
    const result = streamText({ model: model(), prompt: QUESTION });
    const { reasoning, text, order } = await readFullStream(result.fullStream);
    expect(reasoning).toContain('391');
    expect(text).toContain('395');
    expect(order.indexOf('text')).toBeGreaterThan(order.lastIndexOf('reasoning'));
  });

  it('continues a conversation through the previousResponseId provider option', async () => {
    const first = await generateText({ model: model(), prompt: QUESTION });
    const firstId = first.providerMetadata?.openai?.responseId as string;
    const second = await generateText({
      model: model(),
      prompt: 'And that plus one?',
      providerOptions: { openai: { previousResponseId: firstId } },
    });
    const secondId = second.providerMetadata?.openai?.responseId as string;
    const stored = await openai().responses.retrieve(secondId);
    expect(stored.previous_response_id).toBe(firstId);
    expect((stored as unknown as { specreason: { turn_id: number } }).specreason.turn_id).toBe(2);
  });
});
