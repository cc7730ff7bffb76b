import { describe, expect, it } from 'vitest';
import { createChatPromptRenderer } from '../../src/adapters/prompt/chat-prompt.ts';
import {
  BUILT_IN_CHAT_TEMPLATES,
  guessChatTemplate,
  resolveChatTemplate,
} from '../../src/adapters/prompt/chat-templates.ts';
import type { ChatMessage } from '../../src/core/ports.ts';

const QUESTION: ChatMessage = { role: 'user', content: 'What is 2+2?' };
const THINKING: ChatMessage = { role: 'assistant', content: '<think>Add them.\n\n' };
const JUDGE: ChatMessage[] = [
  QUESTION,
  THINKING,
  { role: 'user', content: 'Score it.' },
  { role: 'assistant', content: '<think>I think the quality score is: ' },
];
const EARLIER_ANSWER: ChatMessage[] = [
  { role: 'user', content: 'Hi' },
  { role: 'assistant', content: '<think>Greet back.\n</think>\n\nHello!' },
  QUESTION,
];

describe('the qwen2.5 template', () => {
  const render = createChatPromptRenderer('qwen2.5');

  it('adds the default system message and opens the assistant turn', () => {
    expect(render([QUESTION])).toBe(
      '<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n' +
        '<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n',
    );
  });

  it('uses a given system message instead of the default one', () => {
    expect(render([{ role: 'system', content: 'Be brief.' }, QUESTION])).toBe(
      '<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n',
    );
  });

  it('keeps an earlier answer whole, thinking included, as its upstream template does', () => {
    expect(render(EARLIER_ANSWER)).toContain('<think>Greet back.\n</think>\n\nHello!<|im_end|>');
  });
});

describe('the qwq template', () => {
  const render = createChatPromptRenderer('qwq');

  it('opens the assistant turn inside <think>', () => {
    expect(render([QUESTION])).toBe(
      '<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n<think>\n',
    );
  });

  it('continues a final assistant message in place, without closing the turn', () => {
    expect(render([QUESTION, THINKING])).toBe(
      '<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n<think>Add them.\n\n',
    );
  });

  it('keeps the trailing space of the judge prefix, so the next token is the digit', () => {
    expect(render(JUDGE)).toBe(
      '<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n<think>Add them.\n\n<|im_end|>\n' +
        '<|im_start|>user\nScore it.<|im_end|>\n<|im_start|>assistant\n<think>I think the quality score is: ',
    );
  });

  it('drops the text before </think> in an earlier answer', () => {
    expect(render(EARLIER_ANSWER)).toBe(
      '<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello!<|im_end|>\n' +
        '<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n<think>\n',
    );
  });
});

describe('the deepseek-r1-distill template', () => {
  const render = createChatPromptRenderer('deepseek-r1-distill');

  it('puts the system text first and opens the assistant turn inside <think>', () => {
    expect(render([{ role: 'system', content: 'Be brief.' }, QUESTION])).toBe(
      'Be brief.<｜User｜>What is 2+2?<｜Assistant｜><think>\n',
    );
  });

  it('drops the text before </think> in an earlier answer and continues the final message', () => {
    expect(render([...EARLIER_ANSWER, THINKING])).toBe(
      '<｜User｜>Hi<｜Assistant｜>\n\nHello!<｜end▁of▁sentence｜><｜User｜>What is 2+2?<｜Assistant｜><think>Add them.\n\n',
    );
  });

  it('renders the BOS token only when asked to, since servers add it to raw prompts', () => {
    const withBos = createChatPromptRenderer('deepseek-r1-distill', {
      bosToken: BUILT_IN_CHAT_TEMPLATES['deepseek-r1-distill'].bosToken,
    });
    expect(withBos([QUESTION])).toBe(
      '<｜begin▁of▁sentence｜><｜User｜>What is 2+2?<｜Assistant｜><think>\n',
    );
    expect(render([QUESTION]).startsWith('<｜User｜>')).toBe(true);
  });
});

describe('the llama3 template', () => {
  const render = createChatPromptRenderer('llama3', { bosToken: '<|begin_of_text|>' });

  it('frames turns with headers and opens the assistant turn', () => {
    expect(render([QUESTION])).toBe(
      '<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nWhat is 2+2?<|eot_id|>' +
        '<|start_header_id|>assistant<|end_header_id|>\n\n',
    );
  });

  it('keeps the trailing blank line of a continued step, which the template would trim away', () => {
    expect(render([QUESTION, THINKING]).endsWith('<|end_header_id|>\n\n<think>Add them.\n\n')).toBe(
      true,
    );
  });

  it('keeps the trailing space of the judge prefix, so the next token is the digit', () => {
    expect(
      render(JUDGE).endsWith('<|end_header_id|>\n\n<think>I think the quality score is: '),
    ).toBe(true);
  });

  it('still trims the messages before the continued one, as the model saw them in training', () => {
    const earlier = [{ role: 'user', content: '  Hi  ' } as const, QUESTION, THINKING];
    expect(render(earlier)).toContain('<|end_header_id|>\n\nHi<|eot_id|>');
  });
});

describe('template configuration', () => {
  it('renders a Jinja source given in configuration', () => {
    const render = createChatPromptRenderer(
      '{% for m in messages %}[{{ m.role }}]{{ m.content }}{% endfor %}{% if add_generation_prompt %}[assistant]{% endif %}',
    );
    expect(render([QUESTION])).toBe('[user]What is 2+2?[assistant]');
    expect(render([QUESTION, THINKING])).toBe('[user]What is 2+2?[assistant]<think>Add them.\n\n');
  });

  it('names the built-ins when the configured name is unknown', () => {
    expect(() => resolveChatTemplate('chatml-ish')).toThrow(
      /qwen2\.5, qwq, deepseek-r1-distill, llama3/,
    );
  });

  it('refuses to continue a final message that the template does not render', () => {
    const render = createChatPromptRenderer(
      "{% for m in messages %}{% if m.role == 'user' %}{{ m.content }}{% endif %}{% endfor %}",
    );
    expect(() => render([QUESTION, THINKING])).toThrow(/cannot be continued/);
  });

  it('guesses the template from well-known model names', () => {
    expect(guessChatTemplate('@cf/deepseek-ai/deepseek-r1-distill-qwen-32b')).toBe(
      'deepseek-r1-distill',
    );
    expect(guessChatTemplate('Qwen/QwQ-32B')).toBe('qwq');
    expect(guessChatTemplate('Qwen/Qwen2.5-7B-Instruct')).toBe('qwen2.5');
    expect(guessChatTemplate('@cf/meta/llama-3.2-1b-instruct')).toBe('llama3');
    expect(guessChatTemplate('draft')).toBeUndefined();
  });
});
