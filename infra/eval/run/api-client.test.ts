import { describe, expect, it } from 'vitest';
import { completion, errorReply, useFakeApi } from '../testing/fake-specreason-api.ts';
import { ApiCallError, createApiClient, retryAfterMs } from './api-client.ts';
import type { ChatRequestBody } from './request-body.ts';

const BODY: ChatRequestBody = {
  model: 'specreason',
  messages: [{ role: 'user', content: 'What is 2+2?' }],
  stream: false,
  specreason: {
    mode: 'speculative',
    threshold: 7,
    token_budget: 8192,
    semantics: 'product',
    prompt_template: 'math',
    seed: 1,
  },
};

const startApi = useFakeApi();

describe('the API client', () => {
  it('sends the key and the specreason extension, and reads content, reasoning and usage', async () => {
    const api = await startApi(() =>
      completion({
        content: '\\boxed{4}',
        reasoning: 'Two and two.\n\nMakes four.',
        stepsProposed: 3,
        stepsAccepted: 2,
        stepsRegenerated: 1,
        draftTokens: 40,
        baseTokens: 20,
        judgePrefillTokens: 210,
        elapsedMs: 1234,
      }),
    );
    const client = createApiClient({ url: `${api.url}/`, apiKey: api.apiKey, timeoutMs: 5000 });
    const reply = await client.complete(BODY);
    expect(api.requests[0]?.authorization).toBe('Bearer sk-test');
    expect(api.requests[0]?.body.specreason).toEqual(BODY.specreason);
    expect(reply).toMatchObject({
      content: '\\boxed{4}',
      reasoning: 'Two and two.\n\nMakes four.',
      finishReason: 'stop',
      conversationId: 'conv-fake',
      serverElapsedMs: 1234,
      usage: { stepsAccepted: 2, stepsRegenerated: 1, draftTokens: 40, judgePrefillTokens: 210 },
    });
  });

  it('turns the error envelope into an error naming the status, the endpoint and the message', async () => {
    const api = await startApi(() =>
      errorReply(
        400,
        'threshold must be between 0 and 9',
        'invalid_request_error',
        'invalid_value',
      ),
    );
    const client = createApiClient({ url: api.url, apiKey: api.apiKey, timeoutMs: 5000 });
    const error = await client.complete(BODY).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiCallError);
    expect((error as ApiCallError).message).toBe(
      `Request failed with status 400: POST ${api.url}/v1/chat/completions: threshold must be between 0 and 9`,
    );
    expect((error as ApiCallError).details).toMatchObject({
      status: 400,
      type: 'invalid_request_error',
      code: 'invalid_value',
      isRetryable: false,
    });
  });

  it('marks 429 retryable with the wait the server asked for', async () => {
    const api = await startApi(() =>
      errorReply(429, 'Slow down', 'rate_limit_error', null, { 'retry-after': '3' }),
    );
    const client = createApiClient({ url: api.url, apiKey: api.apiKey, timeoutMs: 5000 });
    const error = (await client.complete(BODY).catch((caught: unknown) => caught)) as ApiCallError;
    expect(error.details).toMatchObject({ status: 429, isRetryable: true, retryAfterMs: 3000 });
  });

  it('reports a refused connection as retryable', async () => {
    const api = await startApi(() => completion({ content: '' }));
    const url = api.url;
    await api.close();
    const client = createApiClient({ url, apiKey: 'sk-test', timeoutMs: 5000 });
    const error = (await client.complete(BODY).catch((caught: unknown) => caught)) as ApiCallError;
    expect(error.message).toMatch(/^Connection failed/);
    expect(error.details.isRetryable).toBe(true);
  });
});

describe('retry-after', () => {
  it('reads milliseconds, seconds and HTTP dates', () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250' }))).toBe(250);
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }))).toBe(2000);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:05 GMT' }), now)).toBe(
      5000,
    );
    expect(retryAfterMs(new Headers())).toBeUndefined();
  });
});
