/**
 * How reasoning ends: the last thinking step that states the answer (boxed, or an `Answer:` line
 * for the generic template), the short answer written after `</think>`, and the steps of an open
 * question that has nothing to compute (a playground prompt).
 */
import type { Random } from '../rng.ts';
import { formatValue, nearestChoice, type Plan } from './plan.ts';
import type { Voice } from './steps.ts';

/** The answer a value leads to: the value itself, or the nearest option's letter. */
export function answerFor(plan: Plan, value: number): string {
  return plan.choices === undefined ? formatValue(value) : nearestChoice(plan.choices, value);
}

/** The step that states the answer reached with `value`. */
export function writeFinalStep(plan: Plan, value: number, voice: Voice): string {
  const answer = answerFor(plan, value);
  if (plan.finalStyle === 'answer-line') return `Answer: ${answer}`;
  if (plan.choices !== undefined) {
    const exact = Number.parseFloat(plan.choices[answer as keyof typeof plan.choices]) === value;
    const relation = exact ? 'matches' : 'is closest to';
    return `The computed value is ${formatValue(value)}, which ${relation} option (${answer}), so the answer is \\boxed{${answer}}.`;
  }
  const lead = voice === 'verbose' ? 'So, after working through every change, ' : 'Therefore, ';
  return `${lead}${plan.target} is ${formatValue(value)}. The answer is \\boxed{${formatValue(value)}}.`;
}

/** The answer after the thinking closes. */
export function writeAnswer(answer: string, style: Plan['finalStyle'] | 'open'): string {
  if (style === 'answer-line') return `Answer: ${answer}`;
  if (style === 'open') return answer;
  return `The final answer is $\\boxed{${answer}}$.`;
}

const OPEN_STEPS = [
  'The key is to identify exactly what is being asked and which facts matter for it.',
  'There are a few ways to approach this; the most direct one is to reason from the basic definitions.',
  'Looking at a simple concrete case first helps check that the reasoning holds up.',
  'It is also worth considering the most common exception, to make sure the conclusion is not too broad.',
  'Putting these observations together gives a clear and defensible conclusion.',
];

/** The thinking steps of an open question, in order (deterministic for `random`). */
export function openQuestionSteps(question: string, voice: Voice, random: Random): string[] {
  const topic = topicOf(question);
  const count = voice === 'verbose' ? random.int(4, 5) : random.int(2, 3);
  const steps = [`Let me restate the question: ${topic}.`];
  for (const step of OPEN_STEPS.slice(0, count)) steps.push(step);
  return steps;
}

/** The answer line that ends an open question. */
export function openQuestionAnswer(question: string): string {
  return `Answer: In short, the answer to "${topicOf(question)}" comes down to the points worked through above.`;
}

function topicOf(question: string): string {
  const words = question
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[?.!]+$/, '')
    .split(' ');
  const topic = words.slice(0, 14).join(' ');
  return topic === '' ? 'the request' : topic;
}
