/**
 * The official `openai` SDK talks to the simulator unchanged: chat, completions, streaming and
 * logprobs; vLLM's extra fields pass through as extra body keys.
 */
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { judgeMessages, problemMessages, stepMessages } from '../../src/core/prompts.ts';
import { judgeRequest } from './sweep-loop.ts';
import { useSimulator } from './testing/harness.ts';

const base = problemMessages({
  template: 'math',
  text: 'Omar has 9 bags. Then 4 more bags arrive. Then the number of bags is multiplied by 3. How many bags are there at the end?',
});
const running = useSimulator();
let client: OpenAI;

beforeAll(() => {
  client = new OpenAI({ baseURL: `${running.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});

type VllmExtras = { continue_final_message?: boolean; add_generation_prompt?: boolean };

describe('openai SDK', () => {
  it('lists the models', async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toEqual(['base', 'draft']);
  });

  it('creates a chat completion that stops at the step separator', async () => {
    const completion = await client.chat.completions.create({
      model: 'draft',
      messages: stepMessages(base, []),
      temperature: 0.6,
      top_p: 0.95,
      max_tokens: 512,
      stop: ['\n\n'],
    });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.choices[0]?.message.content).toMatch(/9 \+ 4 = 1\d/);
  });

  it('streams a chat completion with usage', async () => {
    const stream = await client.chat.completions.create({
      model: 'base',
      messages: stepMessages(base, []),
      max_tokens: 30,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    expect(text.length).toBeGreaterThan(20);
    expect(usage?.completion_tokens).toBe(30);
  });

  it('reads the judge logprobs with continue_final_message passed as an extra field', async () => {
    const request: OpenAI.ChatCompletionCreateParamsNonStreaming & VllmExtras = {
      model: 'base',
      ...judgeRequest(judgeMessages(base, ['First, 9 + 4 = 13.'])),
    };
    const completion = await client.chat.completions.create(request);
    const top = completion.choices[0]?.logprobs?.content?.[0]?.top_logprobs ?? [];
    expect(top).toHaveLength(10);
    expect(top.some((candidate) => /^\d$/.test(candidate.token))).toBe(true);
  });

  it('creates and streams legacy completions with logprobs', async () => {
    const prompt = '<|im_start|>user\nwhat is 6*7?<|im_end|>\n<|im_start|>assistant\n<think>\n';
    const completion = await client.completions.create({
      model: 'base',
      prompt,
      max_tokens: 5,
      logprobs: 2,
    });
    expect(completion.choices[0]?.logprobs?.tokens).toHaveLength(5);
    const stream = await client.completions.create({
      model: 'base',
      prompt,
      max_tokens: 5,
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
    expect(text).toBe(completion.choices[0]?.text);
  });

  it('raises an APIError with the status and message of a vLLM error', async () => {
    const error = await client.chat.completions
      .create({ model: 'missing', messages: base })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(404);
    expect((error as Error).message).toContain('The model `missing` does not exist.');
  });
});
