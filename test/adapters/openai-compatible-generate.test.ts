import { describe, expect, it } from 'vitest';
import { isModelCallError } from '../../src/core/errors.ts';
import { rejectionOf, replayModel, stepRequest } from './helpers/models.ts';
import {
  fixtureLines,
  jsonResponse,
  replayBody,
  splitBytes,
  sseResponse,
  sseText,
} from './helpers/replay.ts';

function streamed(fixture: string, chunkSize?: number, options: { hang?: boolean } = {}) {
  const bytes = new TextEncoder().encode(sseText(fixtureLines(fixture)));
  return replayBody(splitBytes(bytes, chunkSize ?? bytes.length), options);
}

/** An answer call: no stop string, so the text runs past the end of thinking. */
const answerSampling = { temperature: 0.6, topP: 0.95, maxTokens: 512, stop: [], seed: 7 };

describe('an OpenAI-compatible step in chat mode', () => {
  it('returns the streamed text, the finish reason and the usage of the final usage chunk', async () => {
    const { model } = replayModel([sseResponse(streamed('vllm-chat-step.jsonl'))]);
    const result = await model.generate(stepRequest());
    expect(result).toEqual({
      text: 'First, add 2 + 2 = 4 — the sum ≈ 4.0 🙂.',
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { promptTokens: 640, completionTokens: 18, cachedPromptTokens: 512 },
    });
  });

  it.each([1, 2, 5, 13])(
    'delivers text pieces that concatenate to the result when the body arrives in %i-byte chunks',
    async (chunkSize) => {
      const { model } = replayModel([sseResponse(streamed('vllm-chat-step.jsonl', chunkSize))]);
      const pieces: string[] = [];
      const result = await model.generate(stepRequest({ onText: (piece) => pieces.push(piece) }));
      expect(result.text).toBe('First, add 2 + 2 = 4 — the sum ≈ 4.0 🙂.');
      expect(pieces.join('')).toBe(result.text);
      expect(pieces.every((piece) => !piece.includes('\uFFFD'))).toBe(true);
    },
  );

  it('reads the continuation from `reasoning` when a reasoning parser moved it, without doubling the copy', async () => {
    const { model } = replayModel([sseResponse(streamed('vllm-chat-reasoning-step.jsonl', 7))]);
    const result = await model.generate(stepRequest());
    expect(result.text).toBe('Check the units: metres.');
    expect(result.usage.completionTokens).toBe(7);
    expect(result.usage.cachedPromptTokens).toBeUndefined();
  });

  it('puts </think> back where a reasoning parser dropped it, so the answer call sees the end of thinking', async () => {
    const { model } = replayModel([sseResponse(streamed('vllm-chat-reasoning-answer.jsonl', 11))]);
    const pieces: string[] = [];
    const result = await model.generate(
      stepRequest({ sampling: answerSampling, onText: (piece) => pieces.push(piece) }),
    );
    expect(result.text).toBe('So 3 × 4 = 12 and 12 / 2 = 6.</think>\n\nThe answer is 6.');
    expect(pieces.join('')).toBe(result.text);
  });

  it('keeps both sides of a chunk that crosses </think>, reasoning first', async () => {
    const { model } = replayModel([sseResponse(streamed('vllm-chat-reasoning-crossing.jsonl'))]);
    const result = await model.generate(stepRequest({ sampling: answerSampling }));
    expect(result.text).toBe('So 3 × 4 = 12 and 12 / 2 = 6.</think>\n\nThe answer is 6.');
  });

  it('stops a step at the blank line after a </think> that the parser dropped', async () => {
    const { model } = replayModel([sseResponse(streamed('vllm-chat-reasoning-answer.jsonl', 5))]);
    const result = await model.generate(stepRequest());
    expect(result.text).toBe('So 3 × 4 = 12 and 12 / 2 = 6.</think>');
  });

  it('reads a whole reply with reasoning and content as one text', async () => {
    const reply = JSON.stringify({
      choices: [
        {
          index: 0,
          message: { role: 'assistant', reasoning_content: 'Halve 12.', content: '\n\n6' },
          finish_reason: 'stop',
        },
      ],
    });
    const { model } = replayModel([jsonResponse(reply)]);
    const result = await model.generate(stepRequest({ sampling: answerSampling }));
    expect(result.text).toBe('Halve 12.</think>\n\n6');
  });

  it('accepts a whole JSON reply from a server that ignored stream: true', async () => {
    const reply = JSON.stringify({
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Halve it.\n\nThen' },
          finish_reason: 'length',
        },
      ],
      usage: { prompt_tokens: 30, completion_tokens: 6 },
    });
    const { model } = replayModel([jsonResponse(reply)]);
    const result = await model.generate(stepRequest());
    expect(result.text).toBe('Halve it.');
    expect(result.finishReason).toEqual({ unified: 'stop', raw: undefined });
  });
});

describe('an OpenAI-compatible step in completions mode', () => {
  it('reads `text` chunks with their null fields and the usage chunk', async () => {
    const { model } = replayModel([sseResponse(streamed('vllm-completions-step.jsonl', 3))], {
      mode: 'completions',
      chatTemplate: 'qwq',
    });
    const result = await model.generate(stepRequest());
    expect(result).toEqual({
      text: 'Then multiply both sides by 3.',
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { promptTokens: 655, completionTokens: 8, cachedPromptTokens: undefined },
    });
  });
});

describe('a server that ignores stop', () => {
  it.each([1, 4, 1000])(
    'gets its step cut at the first "\\n\\n" even when split across chunks (%i-byte chunks)',
    async (chunkSize) => {
      const body = streamed('chat-step-ignores-stop.jsonl', chunkSize);
      const { model } = replayModel([sseResponse(body)]);
      const pieces: string[] = [];
      const result = await model.generate(stepRequest({ onText: (piece) => pieces.push(piece) }));
      expect(result.text).toBe('Compute 3 × 4 = 12.');
      expect(pieces.join('')).toBe('Compute 3 × 4 = 12.');
      expect(result.finishReason).toEqual({ unified: 'stop', raw: undefined });
    },
  );

  it('has its request aborted and its body cancelled as soon as the step is complete', async () => {
    const body = streamed('chat-step-ignores-stop.jsonl', 40, { hang: true });
    const { model, requests } = replayModel([sseResponse(body)]);
    const result = await model.generate(stepRequest());
    expect(result.text).toBe('Compute 3 × 4 = 12.');
    expect(requests[0]?.signal?.aborted).toBe(true);
    expect(body.wasCancelled).toBe(true);
    const totalChunks = Math.ceil(
      sseText(fixtureLines('chat-step-ignores-stop.jsonl')).length / 40,
    );
    expect(body.pulledChunks).toBeLessThan(totalChunks);
  });
});

describe('the caller aborting a step', () => {
  it('ends the call as aborted, aborts the upstream request and does not retry', async () => {
    // One chunk holds every token, so the abort lands in the middle of a batch of payloads.
    const body = streamed('vllm-chat-step.jsonl', undefined, { hang: true });
    const { model, requests } = replayModel([sseResponse(body), sseResponse(body)]);
    const controller = new AbortController();
    const pieces: string[] = [];
    const call = model.generate(
      stepRequest({
        signal: controller.signal,
        onText: (piece) => {
          pieces.push(piece);
          controller.abort();
        },
      }),
    );
    const error = await rejectionOf(call);
    expect(isModelCallError(error) && error.code).toBe('aborted');
    expect(pieces).toEqual(['First']);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.signal?.aborted).toBe(true);
    expect(body.wasCancelled).toBe(true);
  });

  it('never sends a request when the signal was already aborted', async () => {
    const { model, requests } = replayModel([sseResponse(streamed('vllm-chat-step.jsonl'))]);
    const error = await rejectionOf(model.generate(stepRequest({ signal: AbortSignal.abort() })));
    expect(isModelCallError(error) && error.code).toBe('aborted');
    expect(requests).toHaveLength(0);
  });
});

describe('errors inside a 200 stream', () => {
  it('surfaces a nested in-band error after text, without retrying', async () => {
    const { model, requests } = replayModel([
      sseResponse(streamed('vllm-chat-stream-error.jsonl', 9)),
      sseResponse(streamed('vllm-chat-step.jsonl')),
    ]);
    const pieces: string[] = [];
    const error = await rejectionOf(
      model.generate(stepRequest({ onText: (piece) => pieces.push(piece) })),
    );
    expect(isModelCallError(error)).toBe(true);
    if (!isModelCallError(error)) return;
    expect(error.code).toBe('stream-error');
    expect(error.status).toBe(500);
    expect(error.message).toBe(
      'Base model request failed in the stream: POST http://127.0.0.1:8788/v1/chat/completions ' +
        '(The engine died unexpectedly — see logs.)',
    );
    expect(pieces.join('')).toBe('We know');
    expect(requests).toHaveLength(1);
  });

  it('surfaces a flat (older vLLM, SGLang) in-band error as not retryable', async () => {
    const { model, requests } = replayModel([
      sseResponse(streamed('vllm-flat-stream-error.jsonl')),
      sseResponse(streamed('vllm-chat-step.jsonl')),
    ]);
    const error = await rejectionOf(model.generate(stepRequest()));
    expect(isModelCallError(error) && [error.code, error.status, error.isRetryable]).toEqual([
      'stream-error',
      400,
      false,
    ]);
    expect(isModelCallError(error) && error.message).toContain('greater than max allowed: 20');
    expect(requests).toHaveLength(1);
  });

  it('calls a chunk that is not JSON a protocol error', async () => {
    const bytes = new TextEncoder().encode('data: {"choices":[{"delta":{"content":"a"}\n\n');
    const { model } = replayModel([sseResponse(replayBody([bytes]))]);
    const error = await rejectionOf(model.generate(stepRequest()));
    expect(isModelCallError(error) && error.code).toBe('protocol');
  });

  it('treats a stream that ends without [DONE] or a finish reason as a dropped connection', async () => {
    const truncated = fixtureLines('vllm-chat-step.jsonl').slice(0, 3);
    const bytes = new TextEncoder().encode(sseText(truncated, { done: 'none' }));
    const { model, requests } = replayModel([sseResponse(replayBody([bytes]))]);
    const error = await rejectionOf(model.generate(stepRequest()));
    expect(isModelCallError(error) && [error.code, error.isRetryable]).toEqual(['network', true]);
    // Text had been delivered ("First,"), so the call is not tried again.
    expect(requests).toHaveLength(1);
  });
});
