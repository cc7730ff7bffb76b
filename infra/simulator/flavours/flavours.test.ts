/**
 * The flavours on the wire: a live simulator switched between servers with `POST /sim/flavour`,
 * each asked what SpecReason asks (a continued step, a step with Workers AI's limits).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ssePayloads } from '../../../test/support/sse.ts';
import { post, useSimulator } from '../testing/harness.ts';

const running = useSimulator();
beforeEach(async () => {
  await post(running.url, '/sim/stats/reset', {});
});

const CONTINUED_STEP = {
  model: 'base',
  messages: [
    { role: 'user', content: 'What is 17*23+4?' },
    { role: 'assistant', content: '<think>\nFirst, 17 * 23 = 391.\n\nThen 391 + 4 = 395.\n\n' },
  ],
  add_generation_prompt: false,
  continue_final_message: true,
  max_tokens: 80,
  seed: 7,
  stream: true,
};

async function useFlavour(setting: Record<string, unknown>) {
  const response = await post(running.url, '/sim/flavour', { model: '*', ...setting });
  expect(response.status).toBe(200);
}

interface Delta {
  content?: string | null;
  reasoning_content?: string;
  reasoning?: string;
}

async function streamedDeltas(body: unknown, path = '/v1/chat/completions'): Promise<Delta[]> {
  const response = await post(running.url, path, body);
  expect(response.status).toBe(200);
  return ssePayloads(await response.text())
    .filter((payload) => payload !== '[DONE]')
    .map((payload) => JSON.parse(payload) as { choices: { delta: Delta }[] })
    .flatMap((chunk) => chunk.choices.map((choice) => choice.delta));
}

async function anomalies(): Promise<unknown[]> {
  const stats = (await (await fetch(`${running.url}/sim/stats`)).json()) as {
    requests: { anomalies?: string[] }[];
  };
  return stats.requests.map((request) => request.anomalies);
}

const joined = (deltas: Delta[], field: keyof Delta) =>
  deltas.map((delta) => delta[field] ?? '').join('');

describe('vLLM with --reasoning-parser', () => {
  it('moves a continued step from content to reasoning_content, answer after </think> in content', async () => {
    await useFlavour({ server: 'vllm' });
    const plain = joined(await streamedDeltas(CONTINUED_STEP), 'content');
    expect(plain).toContain('</think>');
    await useFlavour({ server: 'vllm', reasoningParser: 'deepseek_r1' });
    const deltas = await streamedDeltas(CONTINUED_STEP);
    const [before, after] = plain.split('</think>');
    expect(joined(deltas, 'reasoning_content')).toBe(before);
    expect(joined(deltas, 'content')).toBe(after);
    expect(deltas.some((delta) => delta.reasoning_content === '</think>')).toBe(false);
  });

  it('sends chunks carrying both fields when several tokens land in one chunk', async () => {
    await useFlavour({
      server: 'vllm',
      reasoningParser: 'qwen3',
      reasoningField: 'reasoning',
      streamInterval: 4,
    });
    const deltas = await streamedDeltas(CONTINUED_STEP);
    expect(
      deltas.some((delta) => delta.reasoning !== undefined && typeof delta.content === 'string'),
    ).toBe(true);
  });

  it('leaves /v1/completions alone (no parser on raw completions)', async () => {
    await useFlavour({ server: 'vllm', reasoningParser: 'deepseek_r1' });
    const response = await post(running.url, '/v1/completions', {
      model: 'base',
      prompt: '<|im_start|>user\nWhat is 2+3?<|im_end|>\n<|im_start|>assistant\n<think>\n',
      max_tokens: 20,
    });
    const body = (await response.json()) as { choices: { text: string }[] };
    expect(body.choices[0]?.text.length).toBeGreaterThan(0);
  });
});

describe('llama.cpp server', () => {
  it('refuses an assistant prefill with thinking enabled, as llama.cpp words it', async () => {
    await useFlavour({ server: 'llama.cpp' });
    const response = await post(running.url, '/v1/chat/completions', CONTINUED_STEP);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        code: 400,
        message: 'Assistant response prefill is incompatible with enable_thinking.',
        type: 'invalid_request_error',
      },
    });
  });

  it('injects </think> before the prefill when thinking is off', async () => {
    await useFlavour({ server: 'llama.cpp' });
    await streamedDeltas({ ...CONTINUED_STEP, chat_template_kwargs: { enable_thinking: false } });
    expect(await anomalies()).toEqual([['</think> injected before the prefill']]);
  });

  it('puts a first step, opened by the generation prompt, in reasoning_content', async () => {
    await useFlavour({ server: 'llama.cpp' });
    const deltas = await streamedDeltas({
      ...CONTINUED_STEP,
      messages: CONTINUED_STEP.messages.slice(0, 1),
      add_generation_prompt: true,
      continue_final_message: false,
    });
    expect(joined(deltas, 'reasoning_content')).toMatch(/\d/);
  });
});

describe('SGLang', () => {
  it('appends the prefix after the generation prompt, doubling <think>', async () => {
    await useFlavour({ server: 'sglang' });
    await streamedDeltas(CONTINUED_STEP);
    expect(await anomalies()).toEqual([
      ['doubled <think>: the prefix follows the generation prompt'],
    ]);
  });

  it('answers a raw completion exactly as vLLM does', async () => {
    await useFlavour({ server: 'sglang' });
    await post(running.url, '/v1/completions', {
      model: 'base',
      prompt: 'What is 2+3?',
      max_tokens: 5,
    });
    expect(await anomalies()).toEqual([undefined]);
  });
});

describe('Workers AI', () => {
  const REST = '/client/v4/accounts/acc/ai/run/draft';

  it('refuses a seed of 0 and a top_p below 0.001 with its 5006 bad-input error', async () => {
    await useFlavour({ server: 'workers-ai' });
    for (const [path, body] of [
      ['/v1/chat/completions', { ...CONTINUED_STEP, seed: 0 }],
      ['/client/v4/accounts/acc/ai/v1/chat/completions', { ...CONTINUED_STEP, top_p: 0.0001 }],
      [REST, { prompt: 'What is 2+3?', seed: 0 }],
    ] as const) {
      const response = await post(running.url, path, body);
      expect(response.status).toBe(400);
      const error = (await response.json()) as { errors: { code: number; message: string }[] };
      expect(error.errors[0]?.code).toBe(5006);
      expect(error.errors[0]?.message).toMatch(
        /^AiError: Bad input: Error: must be >= .* at '\/(seed|top_p)'$/,
      );
    }
  });

  it('has no text completions in its OpenAI-compatible API', async () => {
    await useFlavour({ server: 'workers-ai' });
    const response = await post(running.url, '/v1/completions', { model: 'base', prompt: 'x' });
    expect(response.status).toBe(404);
  });

  it('does not continue a final assistant message and ignores stop on a legacy model', async () => {
    await useFlavour({ server: 'workers-ai' });
    await streamedDeltas({ ...CONTINUED_STEP, stop: ['\n\n'] });
    expect(await anomalies()).toEqual([
      ["stop ignored (not in the model's schema)", 'final assistant message not continued'],
    ]);
  });
});

describe('a stream that ends without [DONE]', () => {
  it('closes half-way with no finish reason, no usage and no end marker', async () => {
    await useFlavour({ server: 'vllm' });
    const response = await post(running.url, '/v1/chat/completions', CONTINUED_STEP, {
      'x-sim-fault': 'no-done',
    });
    const payloads = ssePayloads(await response.text());
    expect(payloads).not.toContain('[DONE]');
    expect(payloads.some((payload) => payload.includes('"finish_reason":"'))).toBe(false);
  });
});

describe('POST /sim/flavour', () => {
  it('refuses an unknown server or a parser the server does not have', async () => {
    for (const body of [{ server: 'tgi' }, { server: 'llama.cpp', reasoningParser: 'qwen3' }]) {
      const response = await post(running.url, '/sim/flavour', body);
      expect(response.status).toBe(400);
    }
  });
});
