import { describe, expect, it } from 'vitest';
import { isModelCallError, type ModelCallError } from '../../src/core/errors.ts';
import { settle, T0 } from './helpers/fake-time.ts';
import {
  CHAT_URL,
  RETRY,
  rejectionOf,
  replayModel,
  stepRequest,
  TIMEOUTS,
} from './helpers/models.ts';
import {
  fixtureLines,
  fixtureText,
  jsonResponse,
  replayBody,
  splitBytes,
  sseResponse,
  sseText,
} from './helpers/replay.ts';

const STEP_TEXT = 'First, add 2 + 2 = 4 — the sum ≈ 4.0 🙂.';

function step(chunkSize?: number, options: { hang?: boolean; lines?: number } = {}) {
  const lines = fixtureLines('vllm-chat-step.jsonl').slice(0, options.lines);
  const bytes = new TextEncoder().encode(sseText(lines, { done: options.hang ? 'none' : 'data' }));
  return sseResponse(replayBody(splitBytes(bytes, chunkSize ?? bytes.length), options));
}

async function modelCallError(promise: Promise<unknown>): Promise<ModelCallError> {
  const error = await rejectionOf(promise);
  if (!isModelCallError(error)) throw new Error(`Expected a ModelCallError, got ${String(error)}`);
  return error;
}

describe('HTTP error replies', () => {
  it('name the operation, the status and the URL, with the nested envelope message', async () => {
    const { model, requests } = replayModel([
      jsonResponse(fixtureText('vllm-error-nested.jsonl'), 400),
    ]);
    const error = await modelCallError(model.generate(stepRequest()));
    expect(error.message).toBe(
      `Base model request failed with status 400: POST ${CHAT_URL} (This model's maximum context ` +
        'length is 32768 tokens. However, your request has 40210 input tokens. Please reduce the ' +
        'length of the input messages.)',
    );
    expect([error.code, error.status, error.isRetryable]).toEqual(['http', 400, false]);
    expect(requests).toHaveLength(1);
  });

  it('read the flat envelope of older vLLM and SGLang', async () => {
    const { model } = replayModel([jsonResponse(fixtureText('vllm-error-flat.jsonl'), 404)], {
      role: 'draft',
    });
    const error = await modelCallError(model.generate(stepRequest()));
    expect(error.message).toBe(
      `Draft model request failed with status 404: POST ${CHAT_URL} (The model \`big\` does not exist.)`,
    );
  });

  it('never contain the API key', async () => {
    const { model, requests } = replayModel([jsonResponse('upstream says no', 401)], {
      apiKey: 'sk-very-secret-key',
      baseUrl: 'http://user:sk-very-secret-key@127.0.0.1:8788/v1?key=sk-very-secret-key',
    });
    const error = await modelCallError(model.generate(stepRequest()));
    expect(requests[0]?.headers.authorization).toBe('Bearer sk-very-secret-key');
    expect(error.message).toBe(
      `Base model request failed with status 401: POST ${CHAT_URL} (upstream says no)`,
    );
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain('sk-very-secret');
  });
});

describe('retries', () => {
  it('wait as long as a 429 retry-after says, then succeed', async () => {
    const { model, requests, waits } = replayModel([
      jsonResponse('{"error":{"message":"slow down","type":"rate_limit","code":429}}', 429, {
        'retry-after': '3',
      }),
      step(),
    ]);
    const result = await model.generate(stepRequest());
    expect(result.text).toBe(STEP_TEXT);
    expect(waits).toEqual([3000]);
    expect(requests).toHaveLength(2);
    expect(requests[1]?.body).toEqual(requests[0]?.body);
  });

  it('honour retry-after as an HTTP date and retry-after-ms', async () => {
    const date = new Date(T0 + 4_000).toUTCString();
    const { model, waits } = replayModel([
      jsonResponse('{}', 429, { 'retry-after': date }),
      jsonResponse('{}', 503, { 'retry-after-ms': '120' }),
      step(),
    ]);
    await model.generate(stepRequest());
    expect(waits).toEqual([4000, 120]);
  });

  it('back off exponentially with jitter after 5xx, then succeed', async () => {
    const { model, waits } = replayModel([
      jsonResponse('{"error":{"message":"busy","code":503}}', 503),
      jsonResponse('Bad gateway', 502),
      step(),
    ]);
    expect((await model.generate(stepRequest())).text).toBe(STEP_TEXT);
    // random() = 0.5: half the ceiling plus a quarter of it (1000 ms, then 2000 ms ceilings).
    expect(waits).toEqual([750, 1500]);
  });

  it('stop after maxRetries and surface the last error', async () => {
    const { model, requests } = replayModel([
      jsonResponse('one', 500),
      jsonResponse('two', 500),
      jsonResponse('three', 500),
      step(),
    ]);
    const error = await modelCallError(model.generate(stepRequest()));
    expect(requests).toHaveLength(RETRY.maxRetries + 1);
    expect(error.message).toContain('(three)');
  });

  it('give up at once when the server asks for a wait longer than a minute', async () => {
    const { model, requests, waits } = replayModel([
      jsonResponse('{}', 429, { 'retry-after': '120' }),
      step(),
    ]);
    const error = await modelCallError(model.generate(stepRequest()));
    expect([error.status, error.retryAfterMs]).toEqual([429, 120_000]);
    expect(requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('retry a network failure before any text', async () => {
    const { model, requests } = replayModel(['network-failure', step()]);
    expect((await model.generate(stepRequest())).text).toBe(STEP_TEXT);
    expect(requests).toHaveLength(2);
  });

  it('are not made for statuses a retry cannot fix', async () => {
    const { model, requests } = replayModel([jsonResponse('{}', 422), step()]);
    await modelCallError(model.generate(stepRequest()));
    expect(requests).toHaveLength(1);
  });

  it('end as aborted when the caller aborts during the backoff', async () => {
    const controller = new AbortController();
    const { model, requests } = replayModel([
      () => {
        controller.abort();
        return jsonResponse('{}', 503);
      },
      step(),
    ]);
    const error = await modelCallError(model.generate(stepRequest({ signal: controller.signal })));
    expect(error.code).toBe('aborted');
    expect(requests).toHaveLength(1);
  });
});

describe('timeouts', () => {
  it('end a call whose server never answers at the first-token timeout', async () => {
    const { model, requests, scheduler } = replayModel(['hang'], { retry: { maxRetries: 0 } });
    const call = model.generate(stepRequest());
    scheduler.advance(TIMEOUTS.firstTokenMs - 1);
    await settle();
    scheduler.advance(1);
    const error = await modelCallError(call);
    expect(error.message).toBe(
      `Base model request timed out after ${TIMEOUTS.firstTokenMs} ms for the first token: POST ${CHAT_URL}`,
    );
    expect([error.code, error.isRetryable]).toEqual(['timeout', true]);
    expect(requests[0]?.signal?.aborted).toBe(true);
  });

  it('apply the first-token timeout to a stream that opened but sends no tokens', async () => {
    const { model, scheduler } = replayModel([step(undefined, { hang: true, lines: 1 })], {
      retry: { maxRetries: 0 },
    });
    const call = model.generate(stepRequest());
    await settle();
    scheduler.advance(TIMEOUTS.firstTokenMs);
    expect((await modelCallError(call)).message).toContain('for the first token');
  });

  it('retry a timed-out call that delivered nothing', async () => {
    const { model, requests, scheduler } = replayModel(['hang', step()]);
    const call = model.generate(stepRequest());
    scheduler.advance(TIMEOUTS.firstTokenMs);
    expect((await call).text).toBe(STEP_TEXT);
    expect(requests).toHaveLength(2);
  });

  it('end a stream that stalls after its first tokens at the total timeout, without retrying', async () => {
    const { model, requests, scheduler } = replayModel([
      step(undefined, { hang: true, lines: 4 }),
      step(),
    ]);
    const pieces: string[] = [];
    const call = model.generate(stepRequest({ onText: (piece) => pieces.push(piece) }));
    await settle();
    scheduler.advance(TIMEOUTS.firstTokenMs);
    await settle();
    expect(pieces.join('')).toBe('First, add');
    scheduler.advance(TIMEOUTS.totalMs);
    const error = await modelCallError(call);
    expect(error.message).toContain(`timed out after ${TIMEOUTS.totalMs} ms in total`);
    expect(requests).toHaveLength(1);
  });

  it('do not fail a step whose finish arrived when only the usage chunk is late', async () => {
    const lines = fixtureLines('vllm-chat-step.jsonl');
    const bytes = new TextEncoder().encode(sseText(lines.slice(0, -1), { done: 'none' }));
    const { model, scheduler } = replayModel([sseResponse(replayBody([bytes], { hang: true }))]);
    const call = model.generate(stepRequest());
    await settle();
    scheduler.advance(TIMEOUTS.totalMs);
    const result = await call;
    expect(result.text).toBe(STEP_TEXT);
    expect(result.usage.completionTokens).toBeUndefined();
  });
});
