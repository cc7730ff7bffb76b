import { describe, expect, it } from 'vitest';
import {
  createWorkersAiModel,
  type WorkersAiModelConfig,
} from '../../src/adapters/workers-ai/workers-ai-model.ts';
import type { WorkersAiBinding } from '../../src/adapters/workers-ai/workers-ai-transport.ts';
import { isModelCallError } from '../../src/core/errors.ts';
import { createRecordingSleep, settle, T0 } from './helpers/fake-time.ts';
import {
  fakeCallSettings,
  RETRY,
  rejectionOf,
  STEP_MESSAGES,
  stepRequest,
} from './helpers/models.ts';
import {
  createReplayFetch,
  fixtureLines,
  fixtureText,
  jsonResponse,
  type Reply,
  replayBody,
  splitBytes,
  sseResponse,
  sseText,
} from './helpers/replay.ts';

const LEGACY_MODEL = '@cf/deepseek-ai/deepseek-r1-distill-qwen-32b';
const OPENAI_MODEL = '@cf/zai-org/glm-4.7-flash';

function streamOf(
  fixture: string,
  chunkSize: number,
  done: 'data' | 'bare' | 'none',
  hang = false,
) {
  const bytes = new TextEncoder().encode(sseText(fixtureLines(fixture), { done }));
  return replayBody(splitBytes(bytes, chunkSize), { hang });
}

interface BindingCall {
  model: string;
  inputs: Record<string, unknown>;
  options: { signal?: AbortSignal; extraHeaders?: Record<string, string> } | undefined;
}

/** A fake `env.AI`: answers each call with the next result (a value, or a function that throws). */
function fakeBinding(results: ReadonlyArray<unknown | (() => unknown)>) {
  const calls: BindingCall[] = [];
  const binding: WorkersAiBinding = {
    async run(model, inputs, options) {
      calls.push({ model, inputs, options });
      const result = results[calls.length - 1];
      return typeof result === 'function' ? (result as () => unknown)() : result;
    },
  };
  return { binding, calls };
}

function bindingModel(
  results: ReadonlyArray<unknown>,
  overrides: Partial<WorkersAiModelConfig> = {},
) {
  const { binding, calls } = fakeBinding(results);
  const { settings, scheduler, waits } = fakeCallSettings();
  const model = createWorkersAiModel({
    model: LEGACY_MODEL,
    api: 'legacy',
    chatTemplate: 'deepseek-r1-distill',
    transport: { kind: 'binding', binding },
    ...settings,
    ...overrides,
  });
  return { model, calls, waits, scheduler };
}

function restModel(replies: readonly Reply[], overrides: Partial<WorkersAiModelConfig> = {}) {
  const replay = createReplayFetch(replies);
  const sleep = createRecordingSleep();
  const model = createWorkersAiModel({
    model: LEGACY_MODEL,
    api: 'legacy',
    chatTemplate: 'deepseek-r1-distill',
    transport: {
      kind: 'rest',
      url: 'http://127.0.0.1:8788',
      accountId: 'acc123',
      apiToken: 'cf-token',
      fetch: replay.fetch,
    },
    retry: RETRY,
    sleep: sleep.sleep,
    random: () => 0.5,
    now: () => T0,
    ...overrides,
  });
  return { model, requests: replay.requests, waits: sleep.waits };
}

const conversation = stepRequest({ affinityKey: 'tenant-a:conv-42' });

describe('a legacy Workers AI model through the binding', () => {
  it('gets a raw prompt from its chat template, max_tokens, and the session affinity header', async () => {
    const body = streamOf('workers-ai-native-step.jsonl', 1000, 'bare');
    const { model, calls } = bindingModel([body.stream]);
    await model.generate(conversation);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.model).toBe(LEGACY_MODEL);
    expect(calls[0]?.inputs).toStrictEqual({
      prompt: '<｜User｜>What is 3 × 4 / 2?<｜Assistant｜><think>Read the question.\n\n',
      raw: true,
      stream: true,
      max_tokens: 512,
      temperature: 0.6,
      top_p: 0.95,
      seed: 7,
    });
    expect(calls[0]?.options?.extraHeaders).toEqual({ 'x-session-affinity': 'tenant-a:conv-42' });
    expect(calls[0]?.options?.signal).toBeInstanceOf(AbortSignal);
  });

  it('leaves the BOS token to the server unless told to render it', async () => {
    const { model, calls } = bindingModel([
      streamOf('workers-ai-native-step.jsonl', 1000, 'bare').stream,
    ]);
    await model.generate(conversation);
    const told = bindingModel([streamOf('workers-ai-native-step.jsonl', 1000, 'bare').stream], {
      bosInPrompt: true,
    });
    await told.model.generate(conversation);
    expect(calls[0]?.inputs.prompt).toMatch(/^<｜User｜>/);
    expect(told.calls[0]?.inputs.prompt).toMatch(/^<｜begin▁of▁sentence｜><｜User｜>/);
  });

  it('keeps seed and top_p inside the published schema (seed 1–9999999999, top_p ≥ 0.001)', async () => {
    const { model, calls } = bindingModel([
      streamOf('workers-ai-native-step.jsonl', 1000, 'bare').stream,
      streamOf('workers-ai-native-step.jsonl', 1000, 'bare').stream,
    ]);
    const sampling = { temperature: 0, topP: 0, maxTokens: 64, stop: ['\n\n'] };
    await model.generate(stepRequest({ sampling: { ...sampling, seed: 0 } }));
    await model.generate(stepRequest({ sampling: { ...sampling, seed: 4_294_967_295 } }));
    expect(calls.map(({ inputs }) => [inputs.seed, inputs.top_p])).toEqual([
      [9_999_999_999, 0.001],
      [4_294_967_295, 0.001],
    ]);
    expect(calls.every(({ inputs }) => !('stop' in inputs) && !('logprobs' in inputs))).toBe(true);
  });

  it.each([1, 3, 1000])(
    'cuts the native stream at "\\n\\n" itself and aborts the call (%i-byte chunks)',
    async (chunkSize) => {
      const body = streamOf('workers-ai-native-step.jsonl', chunkSize, 'bare', true);
      const { model, calls } = bindingModel([body.stream]);
      const pieces: string[] = [];
      const result = await model.generate({
        ...conversation,
        onText: (piece) => pieces.push(piece),
      });
      expect(result.text).toBe('Let n be the number.');
      expect(pieces.join('')).toBe(result.text);
      expect(result.finishReason).toEqual({ unified: 'stop', raw: undefined });
      expect(result.usage).toEqual({
        promptTokens: undefined,
        completionTokens: undefined,
        cachedPromptTokens: undefined,
      });
      expect(calls[0]?.options?.signal?.aborted).toBe(true);
      expect(body.wasCancelled).toBe(true);
    },
  );

  it('takes usage from whichever chunk carries it, up to the bare [DONE]', async () => {
    const body = streamOf('workers-ai-native-eos.jsonl', 7, 'bare');
    const { model } = bindingModel([body.stream]);
    const result = await model.generate(conversation);
    expect(result).toEqual({
      text: 'The answer is 5.',
      finishReason: { unified: 'other', raw: undefined },
      usage: { promptTokens: 120, completionTokens: 5, cachedPromptTokens: undefined },
    });
  });

  it('fails a stream that ends without [DONE] instead of taking it as a finished step', async () => {
    const body = streamOf('workers-ai-native-eos.jsonl', 7, 'none');
    const { model } = bindingModel([body.stream]);
    const error = await rejectionOf(model.generate(conversation));
    expect(isModelCallError(error) && [error.code, error.message]).toEqual([
      'network',
      `Draft model request failed before completing: AI binding run ${LEGACY_MODEL} (the stream ended before the reply was complete)`,
    ]);
  });

  it('accepts a non-streamed object although a stream was asked for', async () => {
    const { model } = bindingModel([JSON.parse(fixtureText('workers-ai-native-reply.jsonl'))]);
    const result = await model.generate(conversation);
    expect(result.text).toBe('Subtract 3 from both sides.');
    expect(result.usage.promptTokens).toBe(98);
  });

  it.each([
    '3040: Capacity temporarily exceeded, please try again.',
    'InferenceUpstreamError: 3040: Capacity temporarily exceeded, please try again.',
    'AiError: 3036: Account limited',
  ])('retries a capacity error thrown by the binding as "%s", then succeeds', async (message) => {
    const body = streamOf('workers-ai-native-step.jsonl', 1000, 'bare');
    const { model, calls, waits } = bindingModel([
      () => {
        throw new Error(message);
      },
      body.stream,
    ]);
    expect((await model.generate(conversation)).text).toBe('Let n be the number.');
    expect(calls).toHaveLength(2);
    expect(waits).toEqual([750]);
  });

  it('does not retry other binding errors, and names the binding and model', async () => {
    const { model, calls } = bindingModel([
      () => {
        throw new Error('5006: Error: required properties at "/" are "prompt"');
      },
    ]);
    const error = await rejectionOf(model.generate(conversation));
    expect(isModelCallError(error) && [error.isRetryable, error.message]).toEqual([
      false,
      `Draft model request failed: AI binding run ${LEGACY_MODEL} (5006: Error: required properties at "/" are "prompt")`,
    ]);
    expect(calls).toHaveLength(1);
  });

  it('times out a binding call that never answers', async () => {
    const { model, scheduler } = bindingModel([new Promise(() => {})], {
      retry: { maxRetries: 0 },
    });
    const call = model.generate(conversation);
    await settle();
    scheduler.advance(5_000);
    const error = await rejectionOf(call);
    expect(isModelCallError(error) && error.code).toBe('timeout');
  });

  it('needs a chat template', () => {
    const { binding } = fakeBinding([]);
    expect(() =>
      createWorkersAiModel({
        model: LEGACY_MODEL,
        api: 'legacy',
        transport: { kind: 'binding', binding },
      }),
    ).toThrow(/needs a chat template/);
  });
});

describe('an OpenAI-shaped Workers AI model', () => {
  it('gets messages and stop, and its choices[0].delta stream with usage on every chunk', async () => {
    const body = streamOf('workers-ai-openai-step.jsonl', 5, 'data');
    const { model, calls } = bindingModel([body.stream], {
      model: OPENAI_MODEL,
      api: 'openai',
      chatTemplate: undefined,
    });
    const result = await model.generate(conversation);
    expect(calls[0]?.inputs).toStrictEqual({
      messages: STEP_MESSAGES,
      stream: true,
      max_tokens: 512,
      temperature: 0.6,
      top_p: 0.95,
      seed: 7,
      stop: ['\n\n'],
    });
    expect(result).toEqual({
      text: 'Divide both sides by 4.',
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { promptTokens: 210, completionTokens: 7, cachedPromptTokens: undefined },
    });
  });
});

describe('Workers AI over REST', () => {
  it('posts to the account run URL with the bearer token and the affinity header', async () => {
    const body = streamOf('workers-ai-native-step.jsonl', 4, 'bare');
    const { model, requests } = restModel([sseResponse(body)]);
    expect((await model.generate(conversation)).text).toBe('Let n be the number.');
    expect(requests[0]?.url).toBe(
      `http://127.0.0.1:8788/client/v4/accounts/acc123/ai/run/${LEGACY_MODEL}`,
    );
    expect(requests[0]?.headers).toMatchObject({
      authorization: 'Bearer cf-token',
      'x-session-affinity': 'tenant-a:conv-42',
    });
    expect(requests[0]?.body.raw).toBe(true);
    expect(requests[0]?.body.max_tokens).toBe(512);
  });

  it('unwraps the result envelope of a non-streamed reply', async () => {
    const { model } = restModel([jsonResponse(fixtureText('workers-ai-rest-reply.jsonl'))]);
    expect((await model.generate(conversation)).text).toBe('Subtract 3 from both sides.');
  });

  it('treats internal code 3040 as a retryable capacity error whatever the status', async () => {
    const capacity = fixtureText('workers-ai-capacity-error.jsonl');
    const body = streamOf('workers-ai-native-step.jsonl', 1000, 'bare');
    const { model, requests } = restModel([jsonResponse(capacity, 400), sseResponse(body)]);
    expect((await model.generate(conversation)).text).toBe('Let n be the number.');
    expect(requests).toHaveLength(2);
  });

  it('surfaces a persistent 429 with its message after the retries', async () => {
    const capacity = fixtureText('workers-ai-capacity-error.jsonl');
    const { model, requests, waits } = restModel([
      jsonResponse(capacity, 429, { 'retry-after': '2' }),
      jsonResponse(capacity, 429, { 'retry-after': '2' }),
      jsonResponse(capacity, 429, { 'retry-after': '2' }),
    ]);
    const error = await rejectionOf(model.generate(conversation));
    expect(isModelCallError(error) && error.message).toBe(
      `Draft model request failed with status 429: POST http://127.0.0.1:8788/client/v4/accounts/acc123/ai/run/${LEGACY_MODEL} (Capacity temporarily exceeded, please try again.)`,
    );
    expect(requests).toHaveLength(3);
    expect(waits).toEqual([2000, 2000]);
  });
});
