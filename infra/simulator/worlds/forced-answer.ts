/**
 * The answer a model writes when its thinking was closed for it (`</think>` after the steps, as
 * budget forcing and SpecReason Edge's answer call do): no more steps, only the answer. A model
 * that already stated an answer repeats it; one cut short finishes the chain in its head, right
 * with a chance that grows with how far the written steps got, and otherwise slips.
 */
import type { Random } from '../rng.ts';
import { answerFor, openQuestionAnswer, writeAnswer } from './answers.ts';
import { assessSteps, expectedClaim, splitThinking } from './assess.ts';
import { applyOperation, operandValue } from './plan.ts';
import type { FoundProblem } from './problem-finder.ts';

const THINK_CLOSE = '</think>';

/** True when the thinking in the open message has been closed. */
export function isThinkingClosed(thinking: string): boolean {
  return thinking.includes(THINK_CLOSE);
}

/** The answer text written after a closed thinking (the text before `</think>` is the thinking). */
export function writeForcedAnswer(thinking: string, problem: FoundProblem, random: Random): string {
  const plan = problem.plan;
  if (plan === undefined) return openQuestionAnswer(problem.question);
  const before = thinking.slice(0, thinking.indexOf(THINK_CLOSE));
  const { complete, tail } = splitThinking(`${before}\n\n`);
  const state = assessSteps(plan, tail.trim() === '' ? complete : [...complete, tail.trim()]);
  if (state.finalAnswer !== undefined) return writeAnswer(state.finalAnswer, plan.finalStyle);
  const written = [...state.written];
  for (let index = state.nextIndex; index < plan.steps.length; index += 1) {
    const step = plan.steps[index]!;
    written[index] =
      expectedClaim(plan, index, written)?.result ??
      applyOperation(
        operandValue(step.left, written),
        step.operation,
        operandValue(step.right, written),
      );
  }
  const inHead = written[plan.steps.length - 1] ?? Number.NaN;
  const progress = state.nextIndex / Math.max(1, plan.steps.length);
  const value = random.chance(progress)
    ? inHead
    : inHead + random.pick([-1, 1]) * random.pick([1, 2, 10]);
  return writeAnswer(answerFor(plan, value), plan.finalStyle);
}
