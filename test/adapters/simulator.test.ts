/**
 * The adapters against the simulator over real HTTP (in-process, ephemeral port, no waiting):
 * a step and a judge call in both API modes, and a Workers AI REST step.
 */
import { describe, expect, it } from 'vitest';
import type { Flavour } from '../../infra/simulator/flavours/flavour.ts';
import { startSimulator, useSimulator } from '../../infra/simulator/testing/harness.ts';
import { createOpenAICompatibleModel } from '../../src/adapters/openai-compatible/openai-compatible-model.ts';
import { createWorkersAiModel } from '../../src/adapters/workers-ai/workers-ai-model.ts';
import type { GenerateResult, JudgeResult } from '../../src/core/ports.ts';
import {
  answerMessages,
  judgeMessages,
  problemMessages,
  STEP_SEPARATOR,
  stepMessages,
} from '../../src/core/prompts.ts';

const PROBLEM = problemMessages({ template: 'math', text: 'What is 12 * 7 - 5?' });
const SAMPLING = { temperature: 0.6, topP: 0.95, maxTokens: 512, stop: [STEP_SEPARATOR], seed: 1 };

const simulator = useSimulator({ deterministic: true, promptTokensDetails: true });

/** Two draft steps, then the base model's judgement of the second, in one API mode. */
async function stepsAndJudge(mode: 'chat' | 'completions') {
  const options = { baseUrl: `${simulator.url}/v1`, mode, chatTemplate: 'qwq' } as const;
  const draft = createOpenAICompatibleModel({ ...options, model: 'draft', role: 'draft' });
  const base = createOpenAICompatibleModel({ ...options, model: 'base', role: 'base' });
  const pieces: string[] = [];
  const first = await draft.generate({
    messages: stepMessages(PROBLEM, []),
    sampling: SAMPLING,
    onText: (piece) => pieces.push(piece),
  });
  const second = await draft.generate({
    messages: stepMessages(PROBLEM, [first.text]),
    sampling: SAMPLING,
  });
  const judged = await base.judge({
    messages: judgeMessages(PROBLEM, [first.text, second.text]),
    topLogprobs: 10,
    seed: 1,
  });
  return { first, second, judged, pieces };
}

function expectCompleteStep(step: GenerateResult) {
  expect(step.text.length).toBeGreaterThan(0);
  expect(step.text).not.toContain(STEP_SEPARATOR);
  expect(step.finishReason.unified).toBe('stop');
  expect(step.usage.promptTokens).toBeGreaterThan(0);
  expect(step.usage.completionTokens).toBeGreaterThan(0);
}

function expectScoreDistribution(judged: JudgeResult) {
  expect(judged.token).toMatch(/^\d$/);
  expect(judged.topLogprobs).toHaveLength(10);
  const logprobs = judged.topLogprobs?.map((entry) => entry.logprob) ?? [];
  expect(logprobs).toEqual([...logprobs].sort((a, b) => b - a));
  expect(judged.usage.completionTokens).toBe(1);
}

describe('the OpenAI-compatible adapter against the simulator', () => {
  it.each(['chat', 'completions'] as const)(
    'runs a step and a judge call in %s mode',
    async (mode) => {
      const { first, second, judged, pieces } = await stepsAndJudge(mode);
      expectCompleteStep(first);
      expectCompleteStep(second);
      expect(pieces.join('')).toBe(first.text);
      // The second step extends the first one's prompt, so the prefix cache serves part of it.
      expect(second.usage.cachedPromptTokens).toBeGreaterThan(0);
      expectScoreDistribution(judged);
    },
  );

  it('renders the same prompts locally (completions) as the server does (chat)', async () => {
    const chat = await stepsAndJudge('chat');
    const completions = await stepsAndJudge('completions');
    expect(completions.first.text).toBe(chat.first.text);
    expect(completions.second.usage.promptTokens).toBe(chat.second.usage.promptTokens);
    expect(completions.judged.topLogprobs).toEqual(chat.judged.topLogprobs);
  });
});

describe('the Workers AI adapter against the simulator', () => {
  it('runs a legacy raw-prompt step over the REST shape, cut at the step separator', async () => {
    const draft = createWorkersAiModel({
      model: 'draft',
      api: 'legacy',
      chatTemplate: 'qwq',
      transport: { kind: 'rest', url: simulator.url, accountId: 'local', apiToken: 'local-token' },
    });
    const step = await draft.generate({
      messages: stepMessages(PROBLEM, []),
      sampling: SAMPLING,
      affinityKey: 'conversation-1',
    });
    expect(step.text.length).toBeGreaterThan(0);
    expect(step.text).not.toContain(STEP_SEPARATOR);
    expect(step.finishReason.unified).toBe('stop');
  });
});

describe('the OpenAI-compatible adapter against a server with a reasoning parser', () => {
  /** The answer call of a turn after one step, against a simulator of the given flavour. */
  async function answerCall(flavour: Partial<Flavour>) {
    const server = await startSimulator({
      deterministic: true,
      flavour: { server: 'vllm', ...flavour },
    });
    try {
      const base = createOpenAICompatibleModel({
        baseUrl: `${server.url}/v1`,
        mode: 'chat',
        model: 'base',
        role: 'base',
      });
      const step = 'First, 12 * 7 = 84.';
      const sampling = { ...SAMPLING, stop: [], maxTokens: 2048 };
      return await base.generate({ messages: answerMessages(PROBLEM, [step]), sampling });
    } finally {
      await server.close();
    }
  }

  it.each([
    ['deepseek_r1', 1],
    ['deepseek_r1', 4],
    ['qwen3', 3],
  ] as const)(
    'reads the same text as without the parser, </think> included (%s, %i tokens per chunk)',
    async (reasoningParser, streamInterval) => {
      const plain = await answerCall({ streamInterval });
      const parsed = await answerCall({ reasoningParser, streamInterval });
      expect(plain.text).toContain('</think>');
      expect(parsed.text).toBe(plain.text);
    },
  );
});
