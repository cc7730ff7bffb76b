import { describe, expect, it } from 'vitest';
import type { WorkersAiBinding } from '../../src/adapters/workers-ai/workers-ai-transport.ts';
import { configurationProblems } from './helpers/configuration.ts';

const binding: WorkersAiBinding = { run: async () => ({ response: 'unused' }) };

/** A QwQ base behind some server, with an OpenAI-compatible draft on the same server kind. */
const QWQ_BASE = {
  BASE_URL: 'https://gpu.example.com/v1',
  BASE_MODEL: 'Qwen/QwQ-32B',
  BASE_API_MODE: 'chat',
  DRAFT_PROVIDER: 'workers-ai',
  DRAFT_MODEL: '@cf/qwen/qwen3-30b-a3b-fp8',
  DRAFT_WORKERS_AI_API: 'legacy',
  DRAFT_CHAT_TEMPLATE: 'qwq',
};

const problemsOf = (env: Record<string, string>) => configurationProblems({ env, ai: binding });

describe('configurations that cannot continue a thinking prefix are refused with their fix', () => {
  it.each([
    [
      'llama.cpp in chat mode with a QwQ template',
      { BASE_SERVER: 'llama.cpp' },
      'BASE_API_MODE=chat does not work with llama.cpp and the qwq template',
    ],
    [
      'llama.cpp in chat mode with an R1 distill',
      { BASE_SERVER: 'llama.cpp', BASE_MODEL: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-32B' },
      'BASE_API_MODE=chat does not work with llama.cpp and the deepseek-r1-distill template',
    ],
    [
      'SGLang in chat mode with a QwQ template',
      { BASE_SERVER: 'sglang' },
      'BASE_API_MODE=chat does not work with SGLang and the qwq template',
    ],
  ])('%s', (_, overrides, start) => {
    const [problem, ...rest] = problemsOf({ ...QWQ_BASE, ...overrides });
    expect(rest).toEqual([]);
    expect(problem?.startsWith(start)).toBe(true);
    expect(problem).toMatch(/: set BASE_API_MODE=completions \(with BASE_CHAT_TEMPLATE\)$/);
  });

  it.each(['llama.cpp', 'sglang', 'vllm'])(
    'accepts completions mode with the template on %s',
    (server) => {
      const env = { ...QWQ_BASE, BASE_SERVER: server, BASE_API_MODE: 'completions' };
      expect(problemsOf(env)).toEqual([]);
    },
  );

  it('accepts chat mode on vLLM, which continues the final message in place', () => {
    expect(problemsOf({ ...QWQ_BASE, BASE_SERVER: 'vllm' })).toEqual([]);
    expect(problemsOf(QWQ_BASE)).toEqual([]);
  });

  it('refuses chat mode with the llama3 template except on llama.cpp and SGLang, which append the prefix untrimmed', () => {
    const env = {
      ...QWQ_BASE,
      DRAFT_PROVIDER: 'openai-compatible',
      DRAFT_URL: 'https://small.example.com/v1',
      DRAFT_MODEL: 'meta-llama/Llama-3.1-8B-Instruct',
      DRAFT_API_MODE: 'chat',
      DRAFT_CHAT_TEMPLATE: 'llama3',
    };
    expect(problemsOf(env)).toEqual([
      'DRAFT_API_MODE=chat does not work with the llama3 template on this server (the template trims message content, so each continued step loses its closing blank line and comes back empty): set DRAFT_API_MODE=completions (with DRAFT_CHAT_TEMPLATE)',
    ]);
    expect(problemsOf({ ...env, DRAFT_SERVER: 'llama.cpp' })).toEqual([]);
    expect(problemsOf({ ...env, DRAFT_SERVER: 'sglang' })).toEqual([]);
    expect(problemsOf({ ...env, DRAFT_SERVER: 'vllm' })[0]).toMatch(
      /^DRAFT_API_MODE=chat does not work with the llama3 template on vllm/,
    );
    expect(problemsOf({ ...env, DRAFT_API_MODE: 'completions' })).toEqual([]);
  });

  it("refuses a base on Workers AI's OpenAI-compatible API, named or recognised by its URL", () => {
    const refusal =
      "BASE_SERVER=workers-ai cannot continue a partial assistant message (Workers AI's OpenAI-compatible API starts a new reply after it and has no completions endpoint): set BASE_URL to a vLLM, SGLang or llama.cpp server";
    expect(problemsOf({ ...QWQ_BASE, BASE_SERVER: 'workers-ai' })).toEqual([refusal]);
    const url = 'https://api.cloudflare.com/client/v4/accounts/abc123/ai/v1';
    expect(problemsOf({ ...QWQ_BASE, BASE_URL: url })).toEqual([refusal]);
  });

  it('refuses an OpenAI-shaped Workers AI draft, which cannot continue a partial message', () => {
    const env = {
      ...QWQ_BASE,
      DRAFT_MODEL: '@cf/zai-org/glm-4.7-flash',
      DRAFT_WORKERS_AI_API: 'openai',
    };
    expect(problemsOf(env)).toEqual([
      'DRAFT_WORKERS_AI_API=openai cannot continue a partial assistant message (Workers AI starts a new reply after it): set DRAFT_WORKERS_AI_API=legacy with DRAFT_CHAT_TEMPLATE, so that steps are continued from a raw prompt',
    ]);
  });

  it('refuses a retired Workers AI draft and names a current one', () => {
    const env = { ...QWQ_BASE, DRAFT_MODEL: '@cf/meta/llama-3.1-8b-instruct' };
    expect(problemsOf(env)).toEqual([
      'DRAFT_MODEL @cf/meta/llama-3.1-8b-instruct was retired from Workers AI on 2026-05-30: set DRAFT_MODEL to a current model such as @cf/qwen/qwen3-30b-a3b-fp8 (DRAFT_CHAT_TEMPLATE=qwq)',
    ]);
  });

  it('names an unknown server', () => {
    expect(problemsOf({ ...QWQ_BASE, BASE_SERVER: 'ollama' })).toEqual([
      'BASE_SERVER must be one of vllm, sglang, llama.cpp, workers-ai (got "ollama")',
    ]);
  });
});
