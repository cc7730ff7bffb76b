import { describe, expect, it } from 'vitest';
import {
  judgeMessages,
  problemMessages,
  renderProblem,
  stepMessages,
} from '../../../src/core/prompts.ts';
import { type ChatMessage, parseRawPrompt, renderChat } from '../chat-template.ts';
import { generate } from '../generation.ts';
import { assessSteps } from './assess.ts';
import { findProblem } from './problem-finder.ts';
import { SKILLS } from './skills.ts';

const PROBLEM =
  'Maya has 14 crates. Each of the crates holds 12 boxes. Then 37 more boxes arrive. How many boxes are there at the end?';
const base = problemMessages({ template: 'math', text: PROBLEM });
const SAMPLING = { temperature: 0.6, topP: 0.95, seed: undefined };

function continueAs(messages: ChatMessage[], model: 'base' | 'draft', seed?: number) {
  const continuing = messages.at(-1)?.role === 'assistant';
  const view = renderChat(messages, 'chatml', {
    addGenerationPrompt: !continuing,
    continueFinalMessage: continuing,
  });
  const generation = generate(view, model, SKILLS[model], { ...SAMPLING, seed });
  return generation.tokens
    .filter((token) => !token.isEnd)
    .map((token) => token.token.text)
    .join('');
}

describe('reasoning continuation', () => {
  it('works the problem out step by step, boxes the answer, then closes the thinking', () => {
    const text = continueAs(base, 'base');
    const [thinking = '', answer = ''] = text.split('</think>');
    expect(thinking).toContain('14 × 12 = 168');
    expect(thinking).toContain('168 + 37 = 205');
    expect(thinking.trimEnd()).toMatch(/\\boxed\{205\}\.$/);
    expect(answer).toBe('\n\nThe final answer is $\\boxed{205}$.');
  });

  it('continues after the steps already written, separated by a blank line', () => {
    const text = continueAs(stepMessages(base, ['First, 14 × 12 = 168.']), 'base');
    expect(text).not.toContain('14 × 12');
    expect(text).toContain('168 + 37 = 205');
  });

  it('answers right away once a step holds the answer', () => {
    const text = continueAs(
      stepMessages(base, ['14 × 12 = 168.', '168 + 37 = 205.', 'So the answer is \\boxed{205}.']),
      'base',
    );
    expect(text).toBe('</think>\n\nThe final answer is $\\boxed{205}$.');
  });

  it('carries an accepted wrong value forward to a wrong final answer', () => {
    const text = continueAs(stepMessages(base, ['14 × 12 = 158.', '158 + 37 = 195.']), 'draft');
    expect(text).toContain('\\boxed{195}');
  });

  it('is deterministic for a request and varies with the seed', () => {
    expect(continueAs(base, 'draft', 1)).toBe(continueAs(base, 'draft', 1));
    const texts = new Set([1, 2, 3, 4, 5, 6].map((seed) => continueAs(base, 'draft', seed)));
    expect(texts.size).toBeGreaterThan(1);
  });

  it('works a plain arithmetic question out step by step', () => {
    const text = continueAs([{ role: 'user', content: 'what is 17*23+4?' }], 'base');
    expect(text).toContain('17 × 23 = 391');
    expect(text).toContain('391 + 4 = 395');
    expect(text).toContain('\\boxed{395}');
  });

  it('still reasons and answers an open question', () => {
    const text = continueAs([{ role: 'user', content: 'Why is the sky blue?' }], 'draft');
    expect(text).toContain('Why is the sky blue');
    expect(text).toMatch(/\n\nAnswer: .+\n\n<\/think>\n\n.+/);
  });
});

describe('soundness', () => {
  const plan = findProblem([
    { role: 'user', content: renderProblem({ template: 'math', text: PROBLEM }) },
  ]).plan;

  it('marks a right step sound and a wrong value unsound', () => {
    const state = assessSteps(plan, ['Multiplying: 14 × 12 = 168.', 'Adding: 168 + 37 = 206.']);
    expect(state.steps.map((step) => step.sound)).toEqual([true, false]);
    expect(state.written).toEqual([168, 206]);
  });

  it('marks a step that misreads a number from the problem unsound even when its arithmetic holds', () => {
    expect(assessSteps(plan, ['14 × 13 = 182.']).steps[0]?.sound).toBe(false);
  });

  it('marks a correct step built on an earlier wrong value sound: it follows from the prior steps', () => {
    expect(assessSteps(plan, ['14 × 12 = 158.', '158 + 37 = 195.']).steps[1]?.sound).toBe(true);
  });
});

describe('judge', () => {
  function judgeTop(steps: string[], seed: number) {
    const view = renderChat(judgeMessages(base, steps), 'chatml', {
      addGenerationPrompt: false,
      continueFinalMessage: true,
    });
    const generation = generate(view, 'base', SKILLS.base, { temperature: 0, topP: 1, seed });
    expect(generation.kind).toBe('judge');
    return generation.tokens[0]!.logprobs();
  }
  const mean = (steps: string[]) => {
    const scores = Array.from(
      { length: 60 },
      (_, seed) => Number(judgeTop(steps, seed).sampled.text) || 0,
    );
    return scores.reduce((sum, score) => sum + score, 0) / scores.length;
  };

  it('scores sound steps well above unsound ones on average, without being an oracle', () => {
    const sound = mean(['14 × 12 = 168.']);
    const unsound = mean(['14 × 12 = 186.']);
    expect(sound).toBeGreaterThan(unsound + 3);
    const unsoundScores = Array.from(
      { length: 60 },
      (_, seed) => Number(judgeTop(['14 × 12 = 186.'], seed).sampled.text) || 0,
    );
    expect(Math.max(...unsoundScores)).toBeGreaterThanOrEqual(7);
  });

  it('returns ten or more candidates, most likely first, with non-digit tokens among them', () => {
    const position = judgeTop(['14 × 12 = 168.'], 3);
    expect(position.ranked.length).toBeGreaterThanOrEqual(10);
    const logprobs = position.ranked.map((candidate) => candidate.logprob);
    expect([...logprobs].sort((left, right) => right - left)).toEqual(logprobs);
    expect(position.ranked.slice(0, 14).some((candidate) => !/^\d$/.test(candidate.text))).toBe(
      true,
    );
  });

  it('puts a space first when the prefix lost its trailing space', () => {
    const messages = judgeMessages(base, ['14 × 12 = 168.']);
    messages[messages.length - 1] = {
      role: 'assistant',
      content: '<think>I think the quality score is:',
    };
    const view = renderChat(messages, 'chatml', {
      addGenerationPrompt: false,
      continueFinalMessage: true,
    });
    expect(
      generate(view, 'base', SKILLS.base, { temperature: 0, topP: 1, seed: 1 }).tokens[0]?.token
        .text,
    ).toBe(' ');
  });

  it('gives the same distribution for the same request', () => {
    expect(judgeTop(['14 × 12 = 168.'], 9)).toEqual(judgeTop(['14 × 12 = 168.'], 9));
  });
});

describe('an answer after a thinking closed for the model', () => {
  function continueRaw(steps: string[], seed: number) {
    const prompt = `${renderChat(stepMessages(base, steps), 'chatml', { addGenerationPrompt: false, continueFinalMessage: true }).text}</think>\n\n`;
    return generate(parseRawPrompt(prompt), 'base', SKILLS.base, { ...SAMPLING, seed })
      .tokens.filter((token) => !token.isEnd)
      .map((token) => token.token.text)
      .join('');
  }

  it('writes only the answer, never more steps or another </think>', () => {
    const text = continueRaw(['14 × 12 = 168.', '168 + 37 = 205.', 'So \\boxed{205}.'], 1);
    expect(text).toBe('The final answer is $\\boxed{205}$.');
  });

  it('answers a chain cut short at once, without writing the missing steps', () => {
    const text = continueRaw(['14 × 12 = 168.'], 1);
    expect(text).toMatch(/^The final answer is \$\\boxed\{\d+\}\$\.$/);
    expect(text).not.toContain('168 + 37');
  });
});
