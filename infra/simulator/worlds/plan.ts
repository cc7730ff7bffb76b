/**
 * A solution plan: the chain of arithmetic steps that solves a problem. Each step combines two
 * operands (a number from the problem or the result of an earlier step) with one operation and
 * states its result as a checkable equation `a op b = r`. Worlds turn problem text into plans;
 * the reasoner writes and reads steps against them.
 */
import type { ChoiceLetter } from '../../../src/core/prompts.ts';

export type Operation = '+' | '-' | '×' | '÷';

/** Where a step's operand comes from. */
export type Operand = { kind: 'literal'; value: number } | { kind: 'step'; index: number };

/** One step of the solution. */
export interface PlanStep {
  left: Operand;
  operation: Operation;
  right: Operand;
  /** What the step works out, as a phrase ("the boxes in all the crates"). */
  subject: string;
}

/** How the last step states the answer. */
export type FinalStyle = 'boxed' | 'answer-line';

/** A problem's solution, plus what is needed to state and grade its answer. */
export interface Plan {
  steps: readonly PlanStep[];
  /** The quantity asked for, as a phrase ("the number of boxes on one shelf"). */
  target: string;
  /** Multiple choice: the options by letter. */
  choices?: Readonly<Record<ChoiceLetter, string>> | undefined;
  finalStyle: FinalStyle;
  /** 0 (easy) to 1 (hard): how often a small model slips. */
  difficulty: number;
}

/** Applies `operation`; division keeps six decimals, as a person would write it. */
export function applyOperation(left: number, operation: Operation, right: number): number {
  switch (operation) {
    case '+':
      return roundValue(left + right);
    case '-':
      return roundValue(left - right);
    case '×':
      return roundValue(left * right);
    case '÷':
      return right === 0 ? Number.NaN : roundValue(left / right);
    default:
      return operation satisfies never;
  }
}

function roundValue(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Writes a value the way steps print it (integers plainly, decimals without trailing zeros). */
export function formatValue(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return value.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
}

/** The correct result of every step, in order. */
export function solvePlan(plan: Plan): number[] {
  const results: number[] = [];
  for (const step of plan.steps) {
    results.push(
      applyOperation(
        operandValue(step.left, results),
        step.operation,
        operandValue(step.right, results),
      ),
    );
  }
  return results;
}

/** An operand's value given the results written so far (`NaN` when not written yet). */
export function operandValue(operand: Operand, results: readonly (number | undefined)[]): number {
  if (operand.kind === 'literal') return operand.value;
  return results[operand.index] ?? Number.NaN;
}

/** The correct final value of a plan. */
export function planAnswer(plan: Plan): number {
  return solvePlan(plan).at(-1) ?? Number.NaN;
}

/** The letter whose option is nearest to `value` (exact matches first). */
export function nearestChoice(
  choices: Readonly<Record<ChoiceLetter, string>>,
  value: number,
): ChoiceLetter {
  let best: ChoiceLetter = 'A';
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const [letter, text] of Object.entries(choices) as [ChoiceLetter, string][]) {
    const distance = Math.abs(Number.parseFloat(text) - value);
    if (distance < bestDistance) {
      best = letter;
      bestDistance = distance;
    }
  }
  return best;
}
