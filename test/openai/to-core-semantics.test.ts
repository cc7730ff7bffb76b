import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/app-config.ts';
import { ChatCompletionRequestSchema } from '../../src/openai/schemas.ts';
import { toTurnRequest } from '../../src/openai/to-core.ts';

const CONFIG: AppConfig = {
  publicModel: 'specreason',
  apiKeys: new Map(),
  defaults: {},
  prices: { draft: { input: 0, output: 0 }, base: { input: 0, output: 0 } },
  maxBodyBytes: 1_000_000,
  maxPromptChars: 100_000,
  rateLimitPeriodSeconds: 60,
  logPrompts: false,
  corsOrigins: [],
};

function turnConfig(specreason: Record<string, unknown> | undefined) {
  const request = ChatCompletionRequestSchema.parse({
    model: 'specreason',
    messages: [{ role: 'user', content: 'What is 2+3?' }],
    ...(specreason === undefined ? {} : { specreason }),
  });
  return toTurnRequest(request, CONFIG, 9).config;
}

describe('the semantics knob of the API', () => {
  it('runs the product semantics unless the request asks for the reference', () => {
    expect(turnConfig(undefined).semantics).toBe('product');
    expect(turnConfig({ semantics: 'reference' }).semantics).toBe('reference');
  });

  it('refuses a semantics it does not know', () => {
    expect(
      ChatCompletionRequestSchema.safeParse({
        model: 'specreason',
        messages: [{ role: 'user', content: 'Hi' }],
        specreason: { semantics: 'paper' },
      }).success,
    ).toBe(false);
  });
});
