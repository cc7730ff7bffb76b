/**
 * Builders for adapter tests: the reference step and judge requests, and an OpenAI-compatible
 * model wired to a replay fetch, a fake scheduler and a recording sleep.
 */
import {
  createOpenAICompatibleModel,
  type OpenAICompatibleModelConfig,
} from '../../../src/adapters/openai-compatible/openai-compatible-model.ts';
import type { ChatMessage, GenerateRequest, JudgeRequest } from '../../../src/core/ports.ts';
import { createFakeScheduler, createRecordingSleep, T0 } from './fake-time.ts';
import { createReplayFetch, type Reply } from './replay.ts';

export const BASE_URL = 'http://127.0.0.1:8788/v1';
export const CHAT_URL = `${BASE_URL}/chat/completions`;
export const COMPLETIONS_URL = `${BASE_URL}/completions`;

export const QUESTION: ChatMessage = { role: 'user', content: 'What is 3 × 4 / 2?' };
export const STEP_MESSAGES: ChatMessage[] = [
  QUESTION,
  { role: 'assistant', content: '<think>Read the question.\n\n' },
];
export const JUDGE_MESSAGES: ChatMessage[] = [
  ...STEP_MESSAGES,
  { role: 'user', content: 'Assign a score from 0 to 9.' },
  { role: 'assistant', content: '<think>I think the quality score is: ' },
];

export function stepRequest(overrides: Partial<GenerateRequest> = {}): GenerateRequest {
  return {
    messages: STEP_MESSAGES,
    sampling: { temperature: 0.6, topP: 0.95, maxTokens: 512, stop: ['\n\n'], seed: 7 },
    ...overrides,
  };
}

export function judgeRequest(overrides: Partial<JudgeRequest> = {}): JudgeRequest {
  return { messages: JUDGE_MESSAGES, topLogprobs: 10, seed: 7, ...overrides };
}

export const TIMEOUTS = { firstTokenMs: 5_000, totalMs: 60_000 };
export const RETRY = { maxRetries: 2, initialDelayMs: 1_000, maxDelayMs: 8_000 };

/**
 * The call settings every adapter test model gets: the default timeouts and retry, a recording
 * sleep, a fixed jitter draw, a fake scheduler and a fixed clock. Returns the settings and the
 * fakes to inspect.
 */
export function fakeCallSettings() {
  const scheduler = createFakeScheduler();
  const sleep = createRecordingSleep();
  const settings = {
    timeouts: TIMEOUTS,
    retry: RETRY,
    sleep: sleep.sleep,
    random: () => 0.5,
    schedule: scheduler.schedule,
    now: () => T0,
  };
  return { settings, scheduler, waits: sleep.waits };
}

/** A model over recorded replies; nothing in it waits for real time. */
export function replayModel(
  replies: readonly Reply[],
  overrides: Partial<OpenAICompatibleModelConfig> = {},
) {
  const replay = createReplayFetch(replies);
  const { settings, scheduler, waits } = fakeCallSettings();
  const model = createOpenAICompatibleModel({
    baseUrl: BASE_URL,
    model: 'base',
    mode: 'chat',
    role: 'base',
    fetch: replay.fetch,
    ...settings,
    ...overrides,
  });
  return { model, requests: replay.requests, scheduler, waits };
}

/** Runs `promise` to its rejection and returns the error (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the call to fail, but it succeeded');
}
