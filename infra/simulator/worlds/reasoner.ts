/**
 * Writes what a model would continue with, given the request text: inside `<think>` the remaining
 * steps (each may slip, be caught, be double-checked), the final step, then `</think>` and the
 * short answer; once a final step is written, only `</think>` and the answer; outside any
 * thinking (Llama-style or plain prompts) the steps and the final step; after a thinking the
 * template dropped, an answer from scratch. Deterministic in the request.
 */
import type { PromptView } from '../chat-template.ts';
import type { Random } from '../rng.ts';
import {
  answerFor,
  openQuestionAnswer,
  openQuestionSteps,
  writeAnswer,
  writeFinalStep,
} from './answers.ts';
import { assessSteps, expectedClaim, type ReasoningState, splitThinking } from './assess.ts';
import { deliberationCount, trailingRemarks, writeDeliberationStep } from './deliberation.ts';
import { isThinkingClosed, writeForcedAnswer } from './forced-answer.ts';
import { applyOperation, type Plan, planAnswer } from './plan.ts';
import type { FoundProblem } from './problem-finder.ts';
import { type Skill, slipChance } from './skills.ts';
import {
  type Claim,
  writeCheckStep,
  writeComputeStep,
  writeCorrectionStep,
  writeRemarkStep,
} from './steps.ts';

/** Sampling settings that change how often a model slips. */
export interface Sampling {
  temperature: number;
  topP: number;
}

const THINK_OPEN = '<think>';
const STEP_SEPARATOR = '\n\n';

/** The text the model writes after the open message of `view` (before end of sequence). */
export function continueReasoning(
  view: PromptView,
  problem: FoundProblem,
  skill: Skill,
  sampling: Sampling,
  random: Random,
): string {
  const content = view.open.content;
  if (view.open.role !== 'assistant')
    return `\n\n${writeAnswerFromScratch(problem, skill, sampling, random)}`;
  const thinkingAt = content.indexOf(THINK_OPEN);
  if (thinkingAt !== -1) {
    const thinking = content.slice(thinkingAt + THINK_OPEN.length).replace(/^\n/, '');
    if (isThinkingClosed(thinking)) return writeForcedAnswer(thinking, problem, random);
    return (
      separatorAfter(thinking) + continueSteps(thinking, problem, skill, sampling, random, true)
    );
  }
  if (view.family === 'chatml' && content.trim() !== '') {
    return continuePartialAnswer(content, problem, skill, sampling, random);
  }
  return separatorAfter(content) + continueSteps(content, problem, skill, sampling, random, false);
}

function separatorAfter(text: string): string {
  if (text.trim() === '' || text.endsWith(STEP_SEPARATOR)) return '';
  return text.endsWith('\n') ? '\n' : STEP_SEPARATOR;
}

function continueSteps(
  written: string,
  problem: FoundProblem,
  skill: Skill,
  sampling: Sampling,
  random: Random,
  thinking: boolean,
): string {
  const { complete, tail } = splitThinking(written);
  const texts = tail.trim() === '' ? complete : [...complete, tail.trim()];
  const plan = problem.plan;
  const state = assessSteps(plan, texts);
  let steps: string[];
  let answer: string;
  if (state.finalAnswer !== undefined) {
    steps = [];
    answer = state.finalAnswer;
  } else if (plan === undefined) {
    const all = openQuestionSteps(problem.question, skill.voice, random);
    steps = [...all.slice(texts.length), openQuestionAnswer(problem.question)];
    answer = openQuestionAnswer(problem.question).replace(/^Answer: /, '');
  } else {
    const result = nextSteps(plan, state, skill, sampling, random);
    steps = result.steps;
    answer = result.answer;
  }
  const body = steps.join(STEP_SEPARATOR);
  if (!thinking) return body;
  const style = plan === undefined ? 'open' : plan.finalStyle;
  return `${body === '' ? '' : body + STEP_SEPARATOR}</think>${STEP_SEPARATOR}${writeAnswer(answer, style)}`;
}

function nextSteps(
  plan: Plan,
  state: ReasoningState,
  skill: Skill,
  sampling: Sampling,
  random: Random,
) {
  const steps: string[] = [];
  const written = [...state.written];
  const slip = slipChance(skill, plan.difficulty, sampling.temperature, sampling.topP);
  const last = state.steps.at(-1);
  if (
    last !== undefined &&
    !last.sound &&
    last.expected !== undefined &&
    last.planIndex !== undefined &&
    random.chance(skill.noticeChance)
  ) {
    const claim = expectedClaim(plan, last.planIndex, written);
    if (claim !== undefined && last.read.kind !== 'final' && last.read.kind !== 'remark') {
      steps.push(writeCorrectionStep(claim, last.read.claim.result));
      written[last.planIndex] = claim.result;
    }
  }
  let deliberated = trailingRemarks(state);
  for (let index = state.nextIndex; index < plan.steps.length; index += 1) {
    const step = plan.steps[index]!;
    const deliberations = deliberationCount(plan, index, skill);
    for (let ordinal = deliberated; ordinal < deliberations; ordinal += 1)
      steps.push(writeDeliberationStep(step, ordinal, skill));
    deliberated = 0;
    const expected = expectedClaim(plan, index, written)!;
    if (random.chance(skill.remarkChance))
      steps.push(writeRemarkStep(plan.target, skill.voice, random));
    const claim = random.chance(slip) ? slipped(expected, random) : expected;
    steps.push(writeComputeStep(step, claim, skill.voice, random));
    written[index] = claim.result;
    if (claim !== expected && random.chance(skill.noticeChance / 2)) {
      steps.push(writeCorrectionStep(expected, claim.result));
      written[index] = expected.result;
    } else if (claim === expected && random.chance(skill.checkChance)) {
      steps.push(writeCheckStep(claim));
    }
  }
  const value = written[plan.steps.length - 1] ?? planAnswer(plan);
  steps.push(writeFinalStep(plan, value, skill.voice));
  return { steps, answer: answerFor(plan, value) };
}

/** A slip: a wrong result (most often) or a misread operand carried through correctly. */
export function slipped(expected: Claim, random: Random): Claim {
  if (random.chance(0.3) && expected.operation !== '÷') {
    const right = Math.max(expected.right + random.pick([-2, -1, 1, 2, 10]), 1);
    if (right !== expected.right) {
      return {
        ...expected,
        right,
        result: applyOperation(expected.left, expected.operation, right),
      };
    }
  }
  const magnitude =
    Math.abs(expected.result) >= 1000 ? random.pick([1, 10, 100]) : random.pick([1, 2, 10]);
  const result = expected.result + random.pick([-1, 1]) * magnitude;
  return { ...expected, result: result === expected.result ? result + 1 : result };
}

function writeAnswerFromScratch(
  problem: FoundProblem,
  skill: Skill,
  sampling: Sampling,
  random: Random,
): string {
  const plan = problem.plan;
  if (plan === undefined) return openQuestionAnswer(problem.question);
  const correct = planAnswer(plan);
  const chainSlips =
    1 -
    (1 - slipChance(skill, plan.difficulty, sampling.temperature, sampling.topP)) **
      plan.steps.length;
  const value = random.chance(chainSlips)
    ? slipped({ left: correct, operation: '+', right: 0, result: correct }, random).result
    : correct;
  return writeAnswer(answerFor(plan, value), plan.finalStyle);
}

function continuePartialAnswer(
  partial: string,
  problem: FoundProblem,
  skill: Skill,
  sampling: Sampling,
  random: Random,
): string {
  const full = writeAnswerFromScratch(problem, skill, sampling, random);
  if (full.startsWith(partial)) return full.slice(partial.length);
  return (/\s$/.test(partial) ? '' : ' ') + full;
}
