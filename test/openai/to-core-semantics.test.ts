import { describe, expect, it } from 'vitest';
import { readAppConfig } from '../../src/app-config.ts';
import { ChatCompletionRequestSchema } from '../../src/openai/schemas.ts';
import { toTurnRequest } from '../../src/openai/to-core.ts';

/** The Worker's configuration with every setting at its default. */
const CONFIG = readAppConfig({});

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
