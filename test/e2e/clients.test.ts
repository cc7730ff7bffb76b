/**
 * End to end against the real local stack (wrangler dev + the simulator), driven by the clients
 * people use: the openai SDK, the AI SDK's openai-compatible provider, and curl.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { streamText } from 'ai';
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFullStream } from '../support/ai-sdk-stream.ts';
import { QUESTION, QUESTION_SEED } from '../support/question.ts';
import { useStack } from '../support/stack.ts';

const { stack } = useStack('e2e');
let client: OpenAI;

beforeAll(() => {
  client = new OpenAI({ baseURL: `${stack().workerUrl}/v1`, apiKey: stack().apiKey });
});

describe('the openai SDK', () => {
  it('gets the answer and its reasoning_content in one response', async () => {
    const completion = await client.chat.completions.create({
      model: 'specreason',
      messages: [{ role: 'user', content: QUESTION }],
      seed: QUESTION_SEED,
      // @ts-expect-error the SpecReason extension is not in the SDK's types
      specreason: { threshold: 7 },
    });
    const message = completion.choices[0]?.message as unknown as {
      content: string;
      reasoning_content: string;
    };
    expect(message.reasoning_content).toContain('391');
    expect(message.content).toContain('395');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('streams reasoning_content deltas, then content, then usage', async () => {
    const stream = await client.chat.completions.create({
      model: 'specreason',
      messages: [{ role: 'user', content: QUESTION }],
      seed: QUESTION_SEED,
      stream: true,
      stream_options: { include_usage: true },
    });
    let reasoning = '';
    let content = '';
    let contentBeforeReasoningEnded = false;
    let usage: unknown;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as
        | { content?: string; reasoning_content?: string }
        | undefined;
      if (delta?.reasoning_content) {
        if (content !== '') contentBeforeReasoningEnded = true;
        reasoning += delta.reasoning_content;
      }
      if (delta?.content) content += delta.content;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(reasoning).toContain('391');
    expect(content).toContain('395');
    expect(contentBeforeReasoningEnded).toBe(false);
    expect(usage).toMatchObject({ specreason: { judge_calls: expect.any(Number) } });
  });
});

describe('the AI SDK openai-compatible provider', () => {
  it('yields reasoning parts, then text parts', async () => {
    const provider = createOpenAICompatible({
      name: 'specreason',
      baseURL: `${stack().workerUrl}/v1`,
      apiKey: stack().apiKey,
    });
    const result = streamText({
      model: provider.chatModel('specreason'),
      prompt: QUESTION,
      seed: QUESTION_SEED,
      providerOptions: { specreason: { specreason: { mode: 'speculative', threshold: 7 } } },
    });
    const { reasoning, text, order } = await readFullStream(result.fullStream);
    expect(reasoning).toContain('391');
    expect(text).toContain('395');
    expect(order.indexOf('text')).toBeGreaterThan(order.lastIndexOf('reasoning'));
  });
});

describe('curl', () => {
  it('resumes a turn event stream from Last-Event-ID with exactly the missed events', async () => {
    const response = await fetch(`${stack().workerUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack().apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'specreason',
        messages: [{ role: 'user', content: QUESTION }],
      }),
    });
    await response.json();
    const conversation = response.headers.get('x-conversation-id');
    const url = `${stack().workerUrl}/v1/conversations/${conversation}/turns/1/events`;
    const curl = promisify(execFile);
    const auth = ['-sN', '-H', `authorization: Bearer ${stack().apiKey}`];
    const ids = (text: string) =>
      [...text.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1]));
    const all = ids((await curl('curl', [...auth, url])).stdout);
    expect(all.length).toBeGreaterThan(5);
    const missed = ids(
      (await curl('curl', [...auth, '-H', `Last-Event-ID: ${all[2]}`, url])).stdout,
    );
    expect(missed).toEqual(all.slice(3));
  });
});
