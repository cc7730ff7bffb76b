import { describe, expect, it } from 'vitest';
import { isModelCallError } from '../../src/core/errors.ts';
import { judgeRequest, rejectionOf, replayModel } from './helpers/models.ts';
import { fixtureText, jsonResponse } from './helpers/replay.ts';

/** A judge call answered with one recorded reply (`overrides` pick the endpoint and template). */
function judgeReplying(fixture: string, overrides: Parameters<typeof replayModel>[1] = {}) {
  const { model } = replayModel([jsonResponse(fixtureText(fixture))], overrides);
  return model.judge(judgeRequest());
}

describe('an OpenAI-compatible judge call', () => {
  it('reads the chat layout: the token and its ten alternatives, most likely first', async () => {
    const result = await judgeReplying('vllm-chat-judge.jsonl');
    expect(result.token).toBe('8');
    expect(result.topLogprobs?.map((entry) => entry.token)).toEqual([
      '8',
      '7',
      '9',
      ' ',
      '6',
      '\n',
      '5',
      '1',
      '10',
      '**',
    ]);
    expect(result.topLogprobs?.[0]).toEqual({ token: '8', logprob: -0.1053605 });
    expect(result.usage).toEqual({
      promptTokens: 812,
      completionTokens: 1,
      cachedPromptTokens: 736,
    });
  });

  it('reads the completions dict layout in probability order, not the numeric key order JSON.parse gives', async () => {
    const result = await judgeReplying('vllm-completions-judge.jsonl', {
      mode: 'completions',
      chatTemplate: 'qwq',
    });
    expect(result.token).toBe('7');
    expect(result.topLogprobs).toEqual([
      { token: '7', logprob: -0.3566749 },
      { token: '9', logprob: -1.6094379 },
      { token: '8', logprob: -2.3025849 },
      { token: ' ', logprob: -3.912023 },
      { token: '6', logprob: -4.6051702 },
    ]);
    expect(result.usage.cachedPromptTokens).toBeUndefined();
  });

  it('reads llama.cpp, which answers completions logprobs in the chat layout', async () => {
    const result = await judgeReplying('llamacpp-completions-judge.jsonl', {
      mode: 'completions',
      chatTemplate: 'llama3',
    });
    expect(result.token).toBe('9');
    expect(result.topLogprobs?.map((entry) => entry.token)).toEqual(['9', '8', ' ']);
    expect(result.usage.promptTokens).toBe(801);
  });

  it('reports missing logprobs as undefined and still gives the sampled token', async () => {
    const result = await judgeReplying('vllm-chat-judge-without-logprobs.jsonl');
    expect(result.token).toBe('6');
    expect(result.topLogprobs).toBeUndefined();
  });

  it('treats an error envelope sent with status 200 as an error', async () => {
    const error = await rejectionOf(judgeReplying('vllm-error-flat.jsonl'));
    expect(isModelCallError(error) && error.code).toBe('stream-error');
    expect(isModelCallError(error) && error.message).toContain('Base model judge request failed');
  });

  it('is retried after a 503', async () => {
    const { model, requests, waits } = replayModel([
      jsonResponse('{"error":{"message":"loading","code":503}}', 503, { 'retry-after': '1' }),
      jsonResponse(fixtureText('vllm-chat-judge.jsonl')),
    ]);
    expect((await model.judge(judgeRequest())).token).toBe('8');
    expect(requests).toHaveLength(2);
    expect(waits).toEqual([1000]);
  });

  it('times out when the reply does not come', async () => {
    const { model, scheduler } = replayModel(['hang'], { retry: { maxRetries: 0 } });
    const call = model.judge(judgeRequest());
    scheduler.advance(5_000);
    const error = await rejectionOf(call);
    expect(isModelCallError(error) && error.code).toBe('timeout');
    expect(isModelCallError(error) && error.message).toContain(
      'Base model judge request timed out',
    );
  });
});
