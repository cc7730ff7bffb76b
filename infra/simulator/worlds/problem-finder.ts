/**
 * Finds the problem in a request's messages, from the text alone: the templates of
 * src/core/prompts.ts are turned into patterns (so wording changes there carry over), the
 * question is cut out of the user message, and the world parsers give back its plan. A question
 * in no template, or no world's, still gets a plan when it holds an arithmetic expression.
 */

import {
  CHOICE_LETTERS,
  type ChoiceLetter,
  JUDGE_INSTRUCTION,
  type PromptTemplate,
  renderProblem,
} from '../../../src/core/prompts.ts';
import type { ChatMessage } from '../chat-template.ts';
import { planExpression } from './expressions.ts';
import { type Plan, solvePlan } from './plan.ts';
import { parseWordProblem } from './word-problems.ts';

/** The problem a request is about. */
export interface FoundProblem {
  /** Which template wrapped the question (`none` for a bare user message). */
  template: PromptTemplate;
  /** The question without its instructions. */
  question: string;
  /** The solution plan; `undefined` for an open question with nothing to compute. */
  plan: Plan | undefined;
}

const MARK = '\u0001';

function templatePattern(template: PromptTemplate): RegExp {
  const choices = Object.fromEntries(CHOICE_LETTERS.map((letter) => [letter, MARK])) as Record<
    ChoiceLetter,
    string
  >;
  const rendered = renderProblem({ template, text: MARK, choices });
  const escaped = rendered.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.split(MARK).join('([\\s\\S]*?)')}$`);
}

const PATTERNS: readonly [PromptTemplate, RegExp][] = (
  ['multiple-choice', 'math', 'generic'] as const
).map((template) => [template, templatePattern(template)]);

/** The problem of the last user message that is not the judge's instruction. */
export function findProblem(messages: readonly ChatMessage[]): FoundProblem {
  const user = [...messages]
    .reverse()
    .find((message) => message.role === 'user' && message.content.trim() !== JUDGE_INSTRUCTION);
  const content = user?.content ?? '';
  for (const [template, pattern] of PATTERNS) {
    const match = pattern.exec(content);
    if (match === null) continue;
    const question = (match[1] ?? '').trim();
    if (template !== 'multiple-choice')
      return { template, question, plan: planFor(question, template, undefined) };
    const choices = Object.fromEntries(
      CHOICE_LETTERS.map((letter, index) => [letter, (match[index + 2] ?? '').trim()]),
    ) as Record<ChoiceLetter, string>;
    return { template, question, plan: planFor(question, template, choices) };
  }
  return { template: 'none', question: content.trim(), plan: planFor(content, 'none', undefined) };
}

function planFor(
  question: string,
  template: PromptTemplate,
  choices: Record<ChoiceLetter, string> | undefined,
): Plan | undefined {
  const found = parseWordProblem(question) ?? planExpression(question);
  if (found === undefined) return undefined;
  const finalStyle = template === 'generic' ? 'answer-line' : 'boxed';
  const plan: Plan = { ...found, choices, finalStyle, difficulty: 0 };
  return { ...plan, difficulty: difficultyOf(plan) };
}

/** Longer chains, larger numbers and multiple choice (science-flavoured) are harder. */
export function difficultyOf(plan: Plan): number {
  const magnitudes = solvePlan(plan).map((value) => Math.abs(value));
  const largest = Math.max(10, ...magnitudes);
  const raw =
    0.05 * plan.steps.length + 0.1 * Math.log10(largest) - 0.1 + (plan.choices ? 0.15 : 0);
  return Math.min(Math.max(raw, 0), 1);
}
