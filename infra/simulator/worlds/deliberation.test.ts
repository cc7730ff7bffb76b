import { describe, expect, it } from 'vitest';
import { problemMessages, stepMessages } from '../../../src/core/prompts.ts';
import { renderChat } from '../chat-template.ts';
import { generate } from '../generation.ts';
import { tokenize } from '../tokenizer.ts';
import { generateWorld } from './catalog.ts';
import { SKILLS } from './skills.ts';

/** Runs the base model alone step by step (each call cut at its first blank line), as a free run would. */
function trace(problem: string, model: 'base' | 'draft', maxSteps = 400) {
  const messages = problemMessages({ template: 'math', text: problem });
  const steps: string[] = [];
  for (let call = 0; call < maxSteps; call += 1) {
    const continuing = steps.length > 0;
    const view = renderChat(stepMessages(messages, steps), 'chatml', {
      addGenerationPrompt: !continuing,
      continueFinalMessage: continuing,
    });
    const text = generate(view, model, SKILLS[model], {
      temperature: 0.6,
      topP: 0.95,
      seed: 1000 + call,
    })
      .tokens.filter((token) => !token.isEnd)
      .map((token) => token.token.text)
      .join('');
    const step = text.replace(/^\n+/, '').split('\n\n')[0] ?? '';
    if (step.startsWith('</think>')) break;
    steps.push(step);
    if (step.includes('boxed')) break;
  }
  return steps;
}

describe('trace lengths', () => {
  it('runs an AIME-like problem to a hundred steps and thousands of thinking tokens', () => {
    const [item] = generateWorld('aime', 1, 0) ?? [];
    const steps = trace(item && 'problem' in item ? item.problem : '', 'base');
    const tokens = steps.reduce((sum, step) => sum + tokenize(step).length + 1, 0);
    expect(steps.length).toBeGreaterThanOrEqual(100);
    expect(tokens).toBeGreaterThan(2000);
    expect(steps.at(-1)).toContain('boxed');
    for (let index = 1; index < steps.length; index += 1) {
      expect(steps[index]).not.toBe(steps[index - 1]);
    }
  });

  it('keeps MATH-like problems short', () => {
    const [item] = generateWorld('math', 1, 0) ?? [];
    const steps = trace(item && 'problem' in item ? item.problem : '', 'base');
    expect(steps.length).toBeLessThan(20);
  });
});
