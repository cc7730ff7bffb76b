import { describe, expect, it } from 'vitest';
import { parseRawPrompt, renderChat, TemplateError } from './chat-template.ts';

const question = { role: 'user', content: 'Q?' };

describe('ChatML rendering (Qwen/QwQ)', () => {
  it('opens the thinking in the generation prompt', () => {
    const view = renderChat([question], 'chatml', {
      addGenerationPrompt: true,
      continueFinalMessage: false,
    });
    expect(view.text).toBe('<|im_start|>user\nQ?<|im_end|>\n<|im_start|>assistant\n<think>\n');
    expect(view.open).toEqual({ role: 'assistant', content: '<think>\n' });
  });

  it('continues the final assistant message without closing it', () => {
    const messages = [question, { role: 'assistant', content: '<think>Step one.\n\n' }];
    const view = renderChat(messages, 'chatml', {
      addGenerationPrompt: false,
      continueFinalMessage: true,
    });
    expect(view.text).toBe(
      '<|im_start|>user\nQ?<|im_end|>\n<|im_start|>assistant\n<think>Step one.\n\n',
    );
    expect(view.open.content).toBe('<think>Step one.\n\n');
  });

  it('keeps only the text after </think> in an earlier assistant message', () => {
    const messages = [
      question,
      { role: 'assistant', content: '<think>long thoughts</think>\n\nShort answer.' },
      { role: 'user', content: 'And?' },
    ];
    const view = renderChat(messages, 'chatml', {
      addGenerationPrompt: true,
      continueFinalMessage: false,
    });
    expect(view.text).toContain('<|im_start|>assistant\nShort answer.<|im_end|>');
    expect(view.text).not.toContain('long thoughts');
  });

  it('refuses to continue a final message the template cut, as transformers does', () => {
    const messages = [
      question,
      { role: 'assistant', content: '<think>steps\n</think>\n\nThe answer' },
    ];
    expect(() =>
      renderChat(messages, 'chatml', { addGenerationPrompt: false, continueFinalMessage: true }),
    ).toThrow(TemplateError);
  });
});

describe('Llama 3 rendering', () => {
  it('trims message content, so a continued prefix loses its trailing space', () => {
    const messages = [question, { role: 'assistant', content: 'I think the quality score is: ' }];
    const view = renderChat(messages, 'llama3', {
      addGenerationPrompt: false,
      continueFinalMessage: true,
    });
    expect(view.text.endsWith('<|end_header_id|>\n\nI think the quality score is:')).toBe(true);
    expect(view.open.content).toBe('I think the quality score is:');
  });
});

describe('raw prompt parsing', () => {
  it('reads a ChatML prompt back into messages and the open message', () => {
    const view = parseRawPrompt(
      '<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nQ?<|im_end|>\n<|im_start|>assistant\n<think>\nA.\n\n',
    );
    expect(view.family).toBe('chatml');
    expect(view.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Q?' },
    ]);
    expect(view.open).toEqual({ role: 'assistant', content: '<think>\nA.\n\n' });
  });

  it('reads a Llama 3 prompt ending in the assistant header', () => {
    const view = parseRawPrompt(
      '<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nQ?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n',
    );
    expect(view.family).toBe('llama3');
    expect(view.messages).toEqual([{ role: 'user', content: 'Q?' }]);
    expect(view.open).toEqual({ role: 'assistant', content: '' });
  });

  it('treats text without chat markers as a question to answer', () => {
    expect(parseRawPrompt('What is 2+2?')).toMatchObject({
      family: 'plain',
      messages: [{ role: 'user', content: 'What is 2+2?' }],
    });
  });
});
