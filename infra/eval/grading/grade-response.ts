/**
 * Grades one response to one problem: extract the answer from the final content, or, when the
 * content gives none, from the reasoning's last step (the reference stops at the step that holds
 * the answer); then compare it with the reference answer.
 */
import type { ChoiceLetter, EvalProblem } from '../datasets/problem.ts';
import { extractChoiceLetter, extractLastBoxed, extractMathAnswer } from './extract-answer.ts';
import { isEquivalent } from './math-equivalence.ts';
import { normalizeAnswer } from './normalize-answer.ts';

export interface Grade {
  /** The answer found, as written (a letter for multiple choice); undefined when none. */
  extracted: string | undefined;
  isCorrect: boolean;
  /** Where the answer was found. */
  foundIn: 'content' | 'reasoning' | 'none';
}

export interface ResponseText {
  content: string;
  reasoning: string;
}

/**
 * Grades the reply without its answer phase, as the reference does (it has none): the answer is
 * the last one stated anywhere in the kept steps; the reply's content is not read.
 */
export function gradeReasoningOnly(problem: EvalProblem, reasoning: string): Grade {
  const extracted = extractFrom(problem, reasoning);
  if (extracted === undefined) return { extracted, isCorrect: false, foundIn: 'none' };
  return { extracted, isCorrect: matches(problem, extracted), foundIn: 'reasoning' };
}

function extractFrom(problem: EvalProblem, text: string): string | undefined {
  return problem.kind === 'multiple-choice'
    ? extractChoice(text, problem)
    : extractMathAnswer(text);
}

function matches(problem: EvalProblem, extracted: string): boolean {
  return problem.kind === 'multiple-choice'
    ? extracted === problem.answer
    : isEquivalent(extracted, problem.answer);
}

export function gradeResponse(problem: EvalProblem, response: ResponseText): Grade {
  const extract = (text: string) => extractFrom(problem, text);
  let foundIn: Grade['foundIn'] = 'content';
  let extracted = extract(response.content);
  if (extracted === undefined) {
    extracted = extract(lastStep(response.reasoning));
    foundIn = extracted === undefined ? 'none' : 'reasoning';
  }
  if (extracted === undefined) return { extracted, isCorrect: false, foundIn };
  return { extracted, isCorrect: matches(problem, extracted), foundIn };
}

/** The last non-empty step of the reasoning (steps are separated by blank lines). */
export function lastStep(reasoning: string): string {
  const steps = reasoning.split(/\n\s*\n/).filter((step) => step.trim() !== '');
  return steps.at(-1) ?? '';
}

/** A letter, or a boxed option text that names exactly one of the choices. */
function extractChoice(text: string, problem: EvalProblem): ChoiceLetter | undefined {
  const letter = extractChoiceLetter(text);
  if (letter !== undefined || problem.choices === undefined) return letter;
  const boxed = extractLastBoxed(text);
  if (boxed === undefined) return undefined;
  const wanted = normalizeAnswer(boxed).text.toLowerCase();
  const matches = Object.entries(problem.choices).filter(
    ([, option]) => normalizeAnswer(option).text.toLowerCase() === wanted,
  );
  return matches.length === 1 ? (matches[0]?.[0] as ChoiceLetter) : undefined;
}
