/**
 * The judge: a request is a judge call when its last user message is JUDGE_INSTRUCTION and the
 * model continues the JUDGE_PREFIX. The judged step (the last one of the thinking before the
 * instruction) is assessed against the problem's plan; a sound step gets a high latent score, an
 * unsound one a low score, both with noise (the judge is not an oracle, and now and then it is
 * fooled). The score becomes a distribution over the next token: digits around the latent
 * score, a space (dominant when the prefix lost its trailing space, as a trimming template
 * does), a newline or markup now and then, and mass left to the rest of the vocabulary.
 */
import { JUDGE_INSTRUCTION, JUDGE_PREFIX } from '../../../src/core/prompts.ts';
import type { PromptView } from '../chat-template.ts';
import type { Random } from '../rng.ts';
import { type AssessedStep, assessSteps, splitThinking } from './assess.ts';
import { findProblem } from './problem-finder.ts';
import type { Skill } from './skills.ts';

/** One candidate for the next token and its probability. */
export interface TokenCandidate {
  text: string;
  probability: number;
}

const PREFIX_CORE = JUDGE_PREFIX.replace('<think>', '').trim();

/** True when `view` asks the model to score the last reasoning step. */
export function isJudgeRequest(view: PromptView): boolean {
  const instruction = view.messages.at(-1);
  return (
    view.open.role === 'assistant' &&
    view.open.content.trimEnd().endsWith(PREFIX_CORE) &&
    instruction?.role === 'user' &&
    instruction.content.trim() === JUDGE_INSTRUCTION
  );
}

/** The judged step as the judge reads it (`undefined` when there is no thinking to judge). */
export function judgedStep(view: PromptView): AssessedStep | undefined {
  const thinking = view.messages.at(-2);
  if (thinking?.role !== 'assistant') return undefined;
  const text = thinking.content.replace(/^<think>\n?/, '');
  const { complete, tail } = splitThinking(text);
  const steps = tail.trim() === '' ? complete : [...complete, tail.trim()];
  if (steps.length === 0) return undefined;
  const problem = findProblem(view.messages.slice(0, -2));
  return assessSteps(problem.plan, steps).steps.at(-1);
}

/** The latent 0–9 score of a step before noise. */
function meanScore(step: AssessedStep | undefined): number {
  if (step === undefined) return 4.5;
  if (step.read.kind === 'remark') return 5.0;
  if (step.read.kind === 'final') return step.sound ? 8.4 : 2.5;
  return step.sound ? 8.3 : 3.0;
}

/** The distribution of the judge's next token, most likely first. */
export function judgeDistribution(
  view: PromptView,
  skill: Skill,
  random: Random,
): TokenCandidate[] {
  const step = judgedStep(view);
  let mean = meanScore(step);
  // Now and then the judge is fooled by a confidently written wrong step.
  if (step !== undefined && !step.sound && random.chance(0.1)) mean = 7.0;
  const latent = Math.min(Math.max(random.normal(mean, skill.judgeNoise), -0.4), 9.4);
  const width = 0.9;
  const logits = new Map<string, number>();
  for (let digit = 0; digit <= 9; digit += 1) {
    logits.set(
      String(digit),
      -((digit - latent) ** 2) / (2 * width * width) + random.normal(0, 0.25),
    );
  }
  const lostSpace = !view.open.content.endsWith(' ');
  logits.set(' ', lostSpace ? 3 : random.normal(-4.5, 1));
  logits.set('\n', random.normal(-6.5, 1));
  logits.set('**', random.normal(-7, 1));
  logits.set(' The', random.normal(-8, 1));
  const rest = Math.exp(-5.5);
  const total = [...logits.values()].reduce((sum, logit) => sum + Math.exp(logit), 0) + rest;
  return [...logits.entries()]
    .map(([text, logit]) => ({ text, probability: Math.exp(logit) / total }))
    .sort((left, right) => right.probability - left.probability);
}
