import { describe, expect, it } from 'vitest';
import { createBackends } from '../../src/adapters/create-backends.ts';
import type { WorkersAiBinding } from '../../src/adapters/workers-ai/workers-ai-transport.ts';
import { configurationProblems } from './helpers/configuration.ts';
import { stepRequest } from './helpers/models.ts';
import {
  createReplayFetch,
  fixtureLines,
  replayBody,
  sseResponse,
  sseText,
} from './helpers/replay.ts';

/** The `local` environment of wrangler.toml: both models on the simulator. */
const LOCAL_ENV = {
  BASE_URL: 'http://127.0.0.1:8788/v1',
  BASE_MODEL: 'base',
  BASE_API_MODE: 'chat',
  DRAFT_PROVIDER: 'openai-compatible',
  DRAFT_URL: 'http://127.0.0.1:8789/v1',
  DRAFT_MODEL: 'draft',
  DRAFT_API_MODE: 'chat',
  LOG_PROMPTS: 'false',
};

const PRODUCTION_ENV = {
  BASE_URL: 'https://base.example.com/v1',
  BASE_MODEL: 'Qwen/QwQ-32B',
  BASE_API_MODE: 'chat',
  BASE_API_KEY: 'sk-base',
  DRAFT_PROVIDER: 'workers-ai',
  DRAFT_MODEL: '@cf/deepseek-ai/deepseek-r1-distill-qwen-32b',
};

function stepStream(fixture: string, done: 'data' | 'bare' = 'data') {
  return sseResponse(
    replayBody([new TextEncoder().encode(sseText(fixtureLines(fixture), { done }))]),
  );
}

const binding: WorkersAiBinding = { run: async () => ({ response: 'From the binding.' }) };

describe('createBackends', () => {
  it('points the base and the draft at their own URLs and models (local environment)', async () => {
    const replay = createReplayFetch([
      stepStream('vllm-chat-step.jsonl'),
      stepStream('vllm-chat-step.jsonl'),
    ]);
    const { base, draft } = createBackends({ env: LOCAL_ENV, fetch: replay.fetch });
    await base.generate(stepRequest());
    await draft.generate(stepRequest());
    expect(replay.requests.map((request) => [request.url, request.body.model])).toEqual([
      ['http://127.0.0.1:8788/v1/chat/completions', 'base'],
      ['http://127.0.0.1:8789/v1/chat/completions', 'draft'],
    ]);
    expect([base.modelId, draft.modelId]).toEqual(['base', 'draft']);
  });

  it('uses the AI binding for a Workers AI draft, with the template its model name implies', async () => {
    const calls: Record<string, unknown>[] = [];
    const recording: WorkersAiBinding = {
      run: async (_model, inputs) => {
        calls.push(inputs);
        return { response: 'Drafted.' };
      },
    };
    const { draft } = createBackends({ env: PRODUCTION_ENV, ai: recording });
    expect((await draft.generate(stepRequest())).text).toBe('Drafted.');
    expect(calls[0]?.prompt).toBe(
      '<｜User｜>What is 3 × 4 / 2?<｜Assistant｜><think>Read the question.\n\n',
    );
  });

  it('prefers an explicit Workers AI REST URL over the binding', async () => {
    const replay = createReplayFetch([stepStream('workers-ai-native-step.jsonl', 'bare')]);
    const env = {
      ...PRODUCTION_ENV,
      WORKERS_AI_REST_URL: 'http://127.0.0.1:8788',
      WORKERS_AI_ACCOUNT_ID: 'local',
      WORKERS_AI_API_TOKEN: 'cf-local',
    };
    const { draft } = createBackends({ env, ai: binding, fetch: replay.fetch });
    expect((await draft.generate(stepRequest())).text).toBe('Let n be the number.');
    expect(replay.requests[0]?.url).toBe(
      'http://127.0.0.1:8788/client/v4/accounts/local/ai/run/@cf/deepseek-ai/deepseek-r1-distill-qwen-32b',
    );
    expect(replay.requests[0]?.headers.authorization).toBe('Bearer cf-local');
  });

  it('sends the base API key as a bearer token', async () => {
    const replay = createReplayFetch([stepStream('vllm-chat-step.jsonl')]);
    const { base } = createBackends({ env: PRODUCTION_ENV, ai: binding, fetch: replay.fetch });
    await base.generate(stepRequest());
    expect(replay.requests[0]?.headers.authorization).toBe('Bearer sk-base');
  });

  it('says that BASE_URL is missing', () => {
    const { BASE_URL: _, ...env } = LOCAL_ENV;
    expect(() => createBackends({ env })).toThrow(
      'Invalid model backend configuration: BASE_URL (or BASE_URLS) is not set',
    );
  });

  it('lists every problem at once', () => {
    const env = {
      ...LOCAL_ENV,
      BASE_URL: 'base.example.com',
      BASE_API_MODE: 'responses',
      DRAFT_PROVIDER: 'openai',
    };
    expect(configurationProblems({ env })).toEqual([
      'BASE_URL must be an http(s) URL (got "base.example.com")',
      'BASE_API_MODE must be one of chat, completions (got "responses")',
      'DRAFT_PROVIDER must be workers-ai or openai-compatible (got "openai")',
    ]);
  });

  it('asks for a chat template in completions mode when the model name does not imply one', () => {
    const env = { ...LOCAL_ENV, BASE_API_MODE: 'completions' };
    expect(configurationProblems({ env })).toEqual([
      'BASE_CHAT_TEMPLATE is not set (needed when BASE_API_MODE is completions), and the model name "base" does not suggest one',
    ]);
    expect(createBackends({ env: { ...env, BASE_CHAT_TEMPLATE: 'qwq' } }).base.modelId).toBe(
      'base',
    );
  });

  it('rejects an unknown template name, naming the built-ins', () => {
    const env = { ...LOCAL_ENV, DRAFT_API_MODE: 'completions', DRAFT_CHAT_TEMPLATE: 'qwen3' };
    expect(configurationProblems({ env })[0]).toMatch(
      /Unknown chat template "qwen3": use one of qwen2\.5, qwq, deepseek-r1-distill, llama3/,
    );
  });

  it('needs the draft URL for an OpenAI-compatible draft', () => {
    const { DRAFT_URL: _, ...env } = LOCAL_ENV;
    expect(configurationProblems({ env })).toEqual([
      'DRAFT_URL (or DRAFT_URLS) is not set (needed when DRAFT_PROVIDER is openai-compatible)',
    ]);
  });

  it('needs a binding or a REST URL for a Workers AI draft', () => {
    expect(configurationProblems({ env: PRODUCTION_ENV })).toEqual([
      'DRAFT_PROVIDER is workers-ai but there is no AI binding and WORKERS_AI_REST_URL is not set',
    ]);
    const env = { ...PRODUCTION_ENV, WORKERS_AI_REST_URL: 'http://127.0.0.1:8788' };
    expect(configurationProblems({ env })).toEqual([
      'WORKERS_AI_ACCOUNT_ID is not set (needed with WORKERS_AI_REST_URL)',
    ]);
  });
});
