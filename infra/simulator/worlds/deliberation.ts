/**
 * Deliberation: the steps a reasoning model writes on a hard problem between two computations
 * (re-reading, planning, weighing the next operation), which make AIME-like traces run to a
 * hundred steps or more and thousands of thinking tokens, as real reasoning models' do, so that
 * budget stops and the answer phase are exercised (issue 13). None of them computes anything,
 * states an answer or repeats the step before it. How many precede a computation is fixed per
 * problem, plan step and model, so a continuation resumes where the written steps left off.
 */
import { createRandom } from '../rng.ts';
import type { ReasoningState } from './assess.ts';
import type { Plan, PlanStep } from './plan.ts';
import type { Skill } from './skills.ts';

/** Difficulty from which a model starts to deliberate, and at which it deliberates the most. */
const DELIBERATION_FROM = 0.6;
const DELIBERATION_FULL = 0.95;

/** The deliberation steps a model writes before computing plan step `index`. */
export function deliberationCount(plan: Plan, index: number, skill: Skill): number {
  const ramp = (plan.difficulty - DELIBERATION_FROM) / (DELIBERATION_FULL - DELIBERATION_FROM);
  const scale = Math.min(Math.max(ramp, 0), 1);
  if (scale === 0 || skill.deliberation === 0) return 0;
  const random = createRandom('deliberation', plan.target, plan.steps.length, index, skill.voice);
  return Math.round(scale * skill.deliberation * (0.5 + random.next()));
}

/** Remarks written since the last step that computed, checked or corrected something. */
export function trailingRemarks(state: ReasoningState): number {
  let count = 0;
  for (let index = state.steps.length - 1; index >= 0; index -= 1) {
    if (state.steps[index]?.read.kind !== 'remark') break;
    count += 1;
  }
  return count;
}

const OPENINGS = [
  'Let me pause and think about',
  'Before computing, I want to be sure about',
  'Let me reconsider',
  'I should double-think how to get',
  'Let me re-read the sentence about',
  'Thinking about it once more:',
  'Let me be careful with',
  'One more look at',
];

const CLOSINGS = [
  'which quantity changes here and which stays the same',
  'whether the problem means the amount before or after this change',
  'how this sentence connects to what was computed before',
  'the exact operation the wording asks for',
  'whether any earlier value needs to be carried into this part',
  'what the units are at this point of the problem',
];

/** The `ordinal`-th deliberation step before computing `step`; consecutive ones always differ. */
export function writeDeliberationStep(step: PlanStep, ordinal: number, skill: Skill): string {
  const opening = OPENINGS[ordinal % OPENINGS.length];
  const closing = CLOSINGS[(ordinal * 5 + 1) % CLOSINGS.length];
  if (skill.voice === 'concise') return `${opening} ${step.subject}: ${closing}.`;
  return (
    `${opening} ${step.subject}. The question is ${closing}; ` +
    `getting this wrong would throw off every later step, so it is worth a moment.`
  );
}
