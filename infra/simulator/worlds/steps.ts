/**
 * Step text, written and read. Writers phrase one step in the concise voice of a small model or
 * the verbose voice of a large one (tens of tokens, now and then a long deliberation); every
 * computing step states one checkable equation. `readStep` classifies any step text (ours or a
 * real model's) by what it claims, so soundness can be judged from text alone.
 */
import type { Random } from '../rng.ts';
import { applyOperation, formatValue, type Operation, type PlanStep } from './plan.ts';

export type Voice = 'concise' | 'verbose';

/** An equation a step states: `left operation right = result`. */
export interface Claim {
  left: number;
  operation: Operation;
  right: number;
  result: number;
}

/** What a step does, as read from its text. */
export type ReadStep =
  | { kind: 'compute' | 'check' | 'correction'; claim: Claim }
  | { kind: 'final'; answer: string }
  | { kind: 'remark' };

const EQUATION = /(-?\d+(?:\.\d+)?)\s*([+\-−×*x÷/])\s*(-?\d+(?:\.\d+)?)\s*=\s*(-?\d+(?:\.\d+)?)/;

/** Classifies a step by its text. */
export function readStep(text: string): ReadStep {
  const boxed = /\\boxed\{([^{}]*)\}/.exec(text);
  if (boxed !== null) return { kind: 'final', answer: (boxed[1] ?? '').trim() };
  const line = /(?:^|\n)\s*(?:\*\*)?(?:Answer|ANSWER):(?:\*\*)?\s*(.+)/.exec(text);
  if (line !== null) return { kind: 'final', answer: (line[1] ?? '').trim().replace(/\.$/, '') };
  const equation = EQUATION.exec(text);
  if (equation === null) return { kind: 'remark' };
  const symbol = equation[2] ?? '+';
  const operation: Operation =
    symbol === '−'
      ? '-'
      : symbol === '*' || symbol === 'x'
        ? '×'
        : symbol === '/'
          ? '÷'
          : (symbol as Operation);
  const claim = {
    left: Number(equation[1]),
    operation,
    right: Number(equation[3]),
    result: Number(equation[4]),
  };
  if (/^\s*Wait\b/.test(text)) return { kind: 'correction', claim };
  if (/double-check/i.test(text)) return { kind: 'check', claim };
  return { kind: 'compute', claim };
}

/** True when the claim's arithmetic holds. */
export function isArithmeticRight(claim: Claim): boolean {
  return Math.abs(applyOperation(claim.left, claim.operation, claim.right) - claim.result) < 1e-6;
}

export function equationText(claim: Claim): string {
  return `${formatValue(claim.left)} ${claim.operation} ${formatValue(claim.right)} = ${formatValue(claim.result)}`;
}

const GERUNDS: Readonly<Record<Operation, string>> = {
  '+': 'Adding',
  '-': 'Subtracting',
  '×': 'Multiplying',
  '÷': 'Dividing',
};
const CONCISE_LEADS = ['Next,', 'Then', 'So', 'Now'];
const VERBOSE_LEADS = ['Now,', 'Next,', 'Okay, so', 'Alright,', 'Moving on,'];
const DELIBERATION = [
  'Let me re-read this part of the problem to be sure I have the right quantity in mind.',
  'I want to be careful here, because it is easy to apply the change to the wrong quantity.',
  'The sentence describes a change to the amount we have been tracking, not a new separate amount.',
  'It helps to keep a running total and update it one sentence at a time.',
  'I will write the computation out explicitly so it is easy to verify afterwards.',
];

/** One computing step of `step` stating `claim`. */
export function writeComputeStep(
  step: PlanStep,
  claim: Claim,
  voice: Voice,
  random: Random,
): string {
  const equation = equationText(claim);
  if (voice === 'concise') {
    return random.chance(0.5)
      ? `${random.pick(CONCISE_LEADS)} ${step.subject}: ${equation}.`
      : `${GERUNDS[claim.operation]} gives ${step.subject}: ${equation}.`;
  }
  const deliberation = random.chance(0.25)
    ? `${random.pick(DELIBERATION)} ${random.pick(DELIBERATION)} `
    : '';
  return (
    `${random.pick(VERBOSE_LEADS)} I need ${step.subject}. ${deliberation}` +
    `${GERUNDS[claim.operation]}, ${equation}. So that gives ${formatValue(claim.result)} at this point.`
  );
}

const INVERSE: Readonly<Record<Operation, Operation>> = { '+': '-', '-': '+', '×': '÷', '÷': '×' };

/** A step that re-derives `claim`'s left operand from its result (base models do this). */
export function writeCheckStep(claim: Claim): string {
  const check = {
    left: claim.result,
    operation: INVERSE[claim.operation],
    right: claim.right,
    result: claim.left,
  };
  return `Let me double-check that: ${equationText(check)}. Yes, that is consistent.`;
}

/** A step that notices the previous slip and states the right result. */
export function writeCorrectionStep(claim: Claim, wrongResult: number): string {
  return (
    `Wait, that is not right. Redoing it: ${equationText(claim)}, not ${formatValue(wrongResult)}. ` +
    `So the correct value is ${formatValue(claim.result)}.`
  );
}

const CONCISE_REMARKS = [
  'Hmm, let me think about what the question is asking.',
  'Okay, let me keep track of the quantities carefully.',
  'Let me organize what we know so far.',
];

/** A step that computes nothing (hesitation, restating). */
export function writeRemarkStep(target: string, voice: Voice, random: Random): string {
  if (voice === 'concise') return random.pick(CONCISE_REMARKS);
  return random.pick([
    `Before going further, let me restate the situation: we are tracking ${target} through each change the problem describes.`,
    'I should be careful here, because it is easy to mix up which quantity each sentence refers to.',
  ]);
}
