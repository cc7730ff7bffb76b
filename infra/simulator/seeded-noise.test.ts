import { describe, expect, it } from 'vitest';
import { problemMessages, renderProblem, stepMessages } from '../../src/core/prompts.ts';
import { renderChat } from './chat-template.ts';
import { generate } from './generation.ts';
import { samplingNoise } from './seeded-noise.ts';
import { assessSteps } from './worlds/assess.ts';
import { generateWorld } from './worlds/catalog.ts';
import { findProblem } from './worlds/problem-finder.ts';
import { SKILLS } from './worlds/skills.ts';

const [item] = generateWorld('aime', 1, 3) ?? [];
const PROBLEM = item !== undefined && 'problem' in item ? item.problem : '';
const MESSAGES = problemMessages({ template: 'math', text: PROBLEM });
const PLAN = findProblem([
  { role: 'user', content: renderProblem({ template: 'math', text: PROBLEM }) },
]).plan;
/** Without deliberation, the next step after a computation is the next computation. */
const DRAFT = { ...SKILLS.draft, deliberation: 0 };

function nextStep(steps: string[], seed: number | undefined): string {
  const continuing = steps.length > 0;
  const view = renderChat(stepMessages(MESSAGES, steps), 'chatml', {
    addGenerationPrompt: !continuing,
    continueFinalMessage: continuing,
  });
  const text = generate(view, 'draft', DRAFT, { temperature: 0.6, topP: 0.95, seed })
    .tokens.filter((token) => !token.isEnd)
    .map((token) => token.token.text)
    .join('');
  return text.replace(/^\n+/, '').split('\n\n')[0] ?? '';
}

/** Whether the draft's next step after `steps` is sound, for each seed. */
function soundness(steps: string[], seeds: readonly number[]): boolean[] {
  return seeds.map(
    (seed) => assessSteps(PLAN, [...steps, nextStep(steps, seed)]).steps.at(-1)?.sound ?? true,
  );
}

describe('seeded sampling noise, as vLLM draws it', () => {
  it('depends on the seed alone, not on the prompt, and is fresh per request without a seed', () => {
    expect(samplingNoise(7, ['a']).next()).toBe(samplingNoise(7, ['b']).next());
    expect(samplingNoise(7, ['a']).next()).not.toBe(samplingNoise(8, ['a']).next());
    expect(samplingNoise(undefined, ['a']).next()).not.toBe(samplingNoise(undefined, ['b']).next());
  });

  it('makes steps sent with one seed slip together, and steps with their own seeds apart', () => {
    const earlier: string[] = [];
    for (let index = 0; index < 3; index += 1) earlier.push(nextStep(earlier, 424242 + index));
    expect(assessSteps(PLAN, earlier).steps.every((step) => step.sound)).toBe(true);
    const seeds = Array.from({ length: 60 }, (_, index) => index + 1);
    const first = soundness([], seeds);
    const later = soundness(earlier, seeds);
    expect(first).toContain(false);
    expect(later).toEqual(first);
    const laterOwnSeeds = soundness(
      earlier,
      seeds.map((seed) => seed + 1000),
    );
    expect(laterOwnSeeds).not.toEqual(first);
  });
});
