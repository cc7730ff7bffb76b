import { describe, expect, it } from 'vitest';
import {
  createReasoningRouter,
  promptClosesThinking,
  splitWholeOutput,
} from './reasoning-router.ts';

const OPEN_PROMPT = '<|im_start|>assistant\n<think>\nFirst step.\n\n';

describe('the deepseek_r1 reasoning parser', () => {
  it('keeps continued thinking in the reasoning field and the answer in content', () => {
    const route = createReasoningRouter('deepseek_r1', OPEN_PROMPT);
    expect(route('Second step.')).toEqual({ reasoning: 'Second step.' });
    expect(route('</think>')).toBeUndefined();
    expect(route('\n\nAnswer: 5')).toEqual({ content: '\n\nAnswer: 5' });
  });

  it('splits a delta that crosses </think> into reasoning before and content after', () => {
    const route = createReasoningRouter('deepseek_r1', OPEN_PROMPT);
    expect(route('done.</think>\n\nAnswer')).toEqual({ reasoning: 'done.', content: '\n\nAnswer' });
  });

  it('sets content to an explicit null when nothing follows </think> in the delta', () => {
    const route = createReasoningRouter('deepseek_r1', OPEN_PROMPT);
    expect(route('done.</think>')).toEqual({ reasoning: 'done.', content: null });
  });

  it('routes everything to content when the prompt already closed thinking', () => {
    const route = createReasoningRouter('deepseek_r1', `${OPEN_PROMPT}</think>\n\n`);
    expect(route('Answer: 5')).toEqual({ content: 'Answer: 5' });
    expect(promptClosesThinking(`${OPEN_PROMPT}</think>`)).toBe(true);
    expect(promptClosesThinking(OPEN_PROMPT)).toBe(false);
  });
});

describe('the qwen3 reasoning parser', () => {
  it('leaves out an empty side instead of sending an empty string', () => {
    const route = createReasoningRouter('qwen3', OPEN_PROMPT);
    expect(route('</think>\n\n')).toEqual({ content: '\n\n' });
    expect(route('Answer')).toEqual({ content: 'Answer' });
  });
});

describe('a whole, non-streamed reply', () => {
  it('is all reasoning until </think>, then content', () => {
    expect(splitWholeOutput(OPEN_PROMPT, '7')).toEqual(['7', null]);
    expect(splitWholeOutput(OPEN_PROMPT, 'a.</think>\n\nAnswer')).toEqual(['a.', '\n\nAnswer']);
    expect(splitWholeOutput(`${OPEN_PROMPT}</think>`, 'Answer')).toEqual([null, 'Answer']);
  });
});
