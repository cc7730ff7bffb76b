/**
 * When thinking stops (design.md §1.6), as small predicates over the kept steps, plus the one
 * cleanup applied to every step. The machine asks `thinkingStopReason` after each kept step.
 */
import type { Semantics } from './config.ts';
import type { ThinkingStopReason } from './events.ts';
import { THINK_CLOSE } from './prompts.ts';

const ANSWER_MARKERS = ['boxed', 'Answer:', 'ANSWER:'] as const;

/** A step that states the answer ends thinking. */
export function hasAnswer(step: string): boolean {
  return ANSWER_MARKERS.some((marker) => step.includes(marker));
}

/** The kept steps' output tokens have reached the budget. */
export function isTokenBudgetSpent(keptTokens: number, tokenBudget: number): boolean {
  return keptTokens >= tokenBudget;
}

/**
 * The last step repeats the one before it. As in the reference, this is checked only once more
 * than two steps exist.
 */
export function isRepeatedStep(steps: readonly string[]): boolean {
  if (steps.length <= 2) return false;
  return steps[steps.length - 1] === steps[steps.length - 2];
}

/**
 * Removes a stray `</think>` from a step. The reference removes it only when the step holds no
 * answer (`semantics: 'reference'` does the same); we always do, because a `</think>` inside the
 * thinking makes the Qwen-family chat templates drop every earlier step from the next prompt.
 */
export function cleanStep(step: string, semantics: Semantics = 'product'): string {
  if (!step.includes(THINK_CLOSE)) return step;
  if (semantics === 'reference' && hasAnswer(step)) return step;
  return step.split(THINK_CLOSE).join('');
}

export interface StopInputs {
  steps: readonly string[];
  keptTokens: number;
  tokenBudget: number;
  maxSteps: number;
}

/** Why thinking stops after the last kept step, or `undefined` to keep thinking. */
export function thinkingStopReason(inputs: StopInputs): ThinkingStopReason | undefined {
  const last = inputs.steps[inputs.steps.length - 1];
  if (last !== undefined && hasAnswer(last)) return 'answer';
  if (isTokenBudgetSpent(inputs.keptTokens, inputs.tokenBudget)) return 'budget';
  if (isRepeatedStep(inputs.steps)) return 'repeated-step';
  if (inputs.steps.length >= inputs.maxSteps) return 'max-steps';
  return undefined;
}
