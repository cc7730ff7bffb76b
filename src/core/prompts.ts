/**
 * Prompts: the problem templates, the step and judge conversations, and the answer phase.
 * The step instructions and the judge wording are the reference implementation's
 * (ruipeterpan/specreason, spec_reason.py), with the template's indentation removed. As there,
 * "(\n\n)" in the instructions is two real newline characters (a Python escape in the reference).
 * Pure: strings in, messages out.
 */
import type { ChatMessage } from './ports.ts';

/** The separator between reasoning steps, and the stop string of every step call. */
export const STEP_SEPARATOR = '\n\n';
export const THINK_OPEN = '<think>';
export const THINK_CLOSE = '</think>';

/** The judge's instruction, verbatim from the reference. */
export const JUDGE_INSTRUCTION =
  'Evaluate the last reasoning step solely based on factual correctness and logical validity. ' +
  'Ignore style, phrasing, or overall usefulness—only judge whether the step is objectively ' +
  'correct and logically follows from prior steps. Assign a score from 0 to 9.';

/** The assistant prefix the judge continues; its next token is the score digit. */
export const JUDGE_PREFIX = `${THINK_OPEN}I think the quality score is: `;

/** Which instructions wrap the user's question. */
export type PromptTemplate = 'math' | 'multiple-choice' | 'generic' | 'none';

export const CHOICE_LETTERS = ['A', 'B', 'C', 'D'] as const;
export type ChoiceLetter = (typeof CHOICE_LETTERS)[number];

/** The question of the current turn, before templating. */
export interface Problem {
  template: PromptTemplate;
  /** The question text as the user wrote it. */
  text: string;
  /** The four options, in display order (multiple-choice only). */
  choices?: Readonly<Record<ChoiceLetter, string>> | undefined;
}

/** Renders the user message of the current turn. */
export function renderProblem(problem: Problem): string {
  switch (problem.template) {
    case 'math':
      return (
        'Solve the following math problem efficiently and clearly. Please reason step by step, \n' +
        'separate logical reasoning steps with two newline characters (\n\n), and put your final ' +
        'answer within \\boxed{}.\n' +
        `Problem: ${problem.text}\n`
      );
    case 'multiple-choice': {
      const choices = problem.choices;
      if (choices === undefined) throw new TypeError('A multiple-choice problem needs its choices');
      return (
        'What is the correct answer to the following problem? Please reason step by step. \n' +
        'Separate logical reasoning steps with two newline characters (\n\n).\n' +
        'Put the final answer **strictly** in the format \\boxed{X}, where X is a single letter ' +
        '(A, B, C, or D).\n\n' +
        '**Example output:** \\boxed{A}\n\n' +
        `Problem: ${problem.text}.\n` +
        'Choices: \n' +
        CHOICE_LETTERS.map((letter) => `(${letter}) ${choices[letter]}`).join('\n') +
        '\n'
      );
    }
    case 'generic':
      return (
        'Answer the following question. Please reason step by step, separate logical reasoning ' +
        'steps with a blank line, and begin your last step with "Answer:" ' +
        'followed by your final answer.\n' +
        `Question: ${problem.text}\n`
      );
    case 'none':
      return problem.text;
    default:
      return problem.template satisfies never;
  }
}

/** One finished exchange of an earlier turn: its question and its answer (never its reasoning). */
export interface HistoryTurn {
  user: string;
  answer: string;
}

/** The messages before the assistant's thinking: earlier turns, then the templated question. */
export function problemMessages(
  problem: Problem,
  history: readonly HistoryTurn[] = [],
  system?: string,
): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (system !== undefined && system !== '') messages.push({ role: 'system', content: system });
  for (const turn of history) {
    messages.push({ role: 'user', content: turn.user });
    messages.push({ role: 'assistant', content: turn.answer });
  }
  messages.push({ role: 'user', content: renderProblem(problem) });
  return messages;
}

/** The thinking so far as the assistant's partial message: `<think>` + steps, each followed by a blank line. */
export function thinkingPrefix(steps: readonly string[]): string {
  return THINK_OPEN + steps.map((step) => step + STEP_SEPARATOR).join('');
}

/**
 * The conversation a step model continues. The first step opens the assistant turn through the
 * model's generation prompt, as the reference does; later steps continue `<think>` + steps.
 * So the prompt after step 1 lacks the `\n` that Qwen-family generation prompts put after
 * `<think>`: a reference quirk we keep, so the model sees the paper's prompts. It costs the
 * draft model's prefix cache about one block once per turn, at step 2 (measured in
 * infra/simulator/prompt-whitespace.test.ts); judge prompts never change their prefix.
 */
export function stepMessages(
  base: readonly ChatMessage[],
  steps: readonly string[],
): ChatMessage[] {
  if (steps.length === 0) return [...base];
  return [...base, { role: 'assistant', content: thinkingPrefix(steps) }];
}

/**
 * The judge conversation for the last of `steps`: the thinking without `</think>` (closing it
 * would drop the earlier steps from some templates' encoding), the instruction, then the prefix.
 */
export function judgeMessages(
  base: readonly ChatMessage[],
  steps: readonly string[],
): ChatMessage[] {
  return [
    ...base,
    { role: 'assistant', content: thinkingPrefix(steps) },
    { role: 'user', content: JUDGE_INSTRUCTION },
    { role: 'assistant', content: JUDGE_PREFIX },
  ];
}

/**
 * The conversation the model continues to write the final answer: the kept steps, still open.
 * `</think>` is not added: the Qwen/QwQ/R1 chat templates keep only the text after `</think>` in
 * an assistant message, which would drop every step. The model closes its thinking itself and
 * the machine takes the text after `</think>` as the answer.
 */
export function answerMessages(
  base: readonly ChatMessage[],
  steps: readonly string[],
): ChatMessage[] {
  return stepMessages(base, steps);
}
