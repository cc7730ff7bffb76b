/**
 * Reads written thinking against a plan: which plan step each step computes, whether it is sound
 * (its equation holds and uses the values the earlier steps established: a wrong value written
 * earlier is carried forward, which is how an accepted slip derails the answer), and where the
 * reasoning stands. Pure: text and plan in, assessment out.
 */
import { answerFor } from './answers.ts';
import { applyOperation, operandValue, type Plan } from './plan.ts';
import { type Claim, isArithmeticRight, type ReadStep, readStep } from './steps.ts';

/** One written step and its verdict. */
export interface AssessedStep {
  read: ReadStep;
  sound: boolean;
  /** The plan step this step computes or corrects. */
  planIndex?: number | undefined;
  /** For a computing step: the claim a careful solver would have written. */
  expected?: Claim | undefined;
}

/** Where the reasoning stands after the written steps. */
export interface ReasoningState {
  steps: AssessedStep[];
  /** Plan step results as written (wrong ones included). */
  written: (number | undefined)[];
  /** The next plan step to compute. */
  nextIndex: number;
  /** The answer a final step stated, once one has. */
  finalAnswer: string | undefined;
}

/** The claim plan step `index` should state, given the results written so far. */
export function expectedClaim(
  plan: Plan,
  index: number,
  written: readonly (number | undefined)[],
): Claim | undefined {
  const step = plan.steps[index];
  if (step === undefined) return undefined;
  const left = operandValue(step.left, written);
  const right = operandValue(step.right, written);
  return {
    left,
    operation: step.operation,
    right,
    result: applyOperation(left, step.operation, right),
  };
}

function sameClaim(claim: Claim, expected: Claim | undefined): boolean {
  if (expected === undefined) return false;
  const close = (a: number, b: number) => Math.abs(a - b) < 1e-6;
  return (
    claim.operation === expected.operation &&
    close(claim.left, expected.left) &&
    close(claim.right, expected.right) &&
    isArithmeticRight(claim)
  );
}

/** Assesses `texts` (complete steps, in order) against `plan` (`undefined`: nothing to compute). */
export function assessSteps(plan: Plan | undefined, texts: readonly string[]): ReasoningState {
  const state: ReasoningState = { steps: [], written: [], nextIndex: 0, finalAnswer: undefined };
  for (const text of texts) {
    const read = readStep(text);
    state.steps.push(assessOne(plan, read, state));
  }
  return state;
}

function assessOne(plan: Plan | undefined, read: ReadStep, state: ReasoningState): AssessedStep {
  if (read.kind === 'remark') return { read, sound: true };
  if (read.kind === 'final') {
    state.finalAnswer = read.answer;
    if (plan === undefined) return { read, sound: true };
    const value = state.written[plan.steps.length - 1];
    const sound =
      value !== undefined &&
      state.nextIndex >= plan.steps.length &&
      answerFor(plan, value) === read.answer;
    return { read, sound };
  }
  if (plan === undefined || read.kind === 'check')
    return { read, sound: isArithmeticRight(read.claim) };
  const index = read.kind === 'correction' ? state.nextIndex - 1 : state.nextIndex;
  const expected = expectedClaim(plan, index, state.written);
  if (expected === undefined) return { read, sound: isArithmeticRight(read.claim) };
  state.written[index] = read.claim.result;
  if (read.kind === 'compute') state.nextIndex = index + 1;
  return { read, sound: sameClaim(read.claim, expected), planIndex: index, expected };
}

/** Splits an assistant message's thinking into complete steps and the unfinished tail. */
export function splitThinking(thinking: string): { complete: string[]; tail: string } {
  const parts = thinking.split('\n\n');
  const tail = parts.pop() ?? '';
  return { complete: parts.map((part) => part.trim()).filter((part) => part !== ''), tail };
}
