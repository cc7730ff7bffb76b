/**
 * Decides whether two math answers mean the same: normalise both, compare their shapes (tuples,
 * intervals, sets, unions, matrices) and then each pair of elements, first as strings and then
 * through the Cortex Compute Engine — exact numbers, numeric values (tolerance 1e-8, relative),
 * and expressions with free variables evaluated at fixed points.
 */
import { ComputeEngine, type Expression, isNumber } from '@cortex-js/compute-engine';
import { type AnswerShape, readShape, splitTopLevel } from './answer-shape.ts';
import { normalizeAnswer } from './normalize-answer.ts';

const RELATIVE_TOLERANCE = 1e-8;
/** Longer elements are compared as strings only: the parser's cost grows with odd input. */
const MAX_PARSED_LENGTH = 400;
/** Values substituted for free variables; irrational-looking so coincidences are unlikely. */
const PROBE_VALUES = [0.5772, 1.3247, 2.6854, -0.8183, 3.0811];

let engine: ComputeEngine | undefined;
function getEngine(): ComputeEngine {
  engine ??= new ComputeEngine();
  return engine;
}

/** True when `candidate` is mathematically the same answer as `reference`. */
export function isEquivalent(candidate: string, reference: string): boolean {
  const left = normalizeAnswer(candidate);
  const right = normalizeAnswer(reference);
  if (left.text === right.text) return true;
  if (left.text === '' || right.text === '') return false;
  if (shapesMatch(readShape(left.text), readShape(right.text))) return true;
  if (candidate.includes('=') && reference.includes('=')) {
    const whole = { stripVariable: false };
    if (
      scalarsMatch(normalizeAnswer(candidate, whole).text, normalizeAnswer(reference, whole).text)
    ) {
      return true;
    }
  }
  // A percentage may be written as a fraction of one: 50\% against 0.5.
  if (left.isPercent !== right.isPercent) {
    const [percent, plain] = left.isPercent ? [left.text, right.text] : [right.text, left.text];
    return scalarsMatch(`\\frac{${percent}}{100}`, plain);
  }
  return false;
}

function shapesMatch(left: AnswerShape, right: AnswerShape): boolean {
  if (left.kind === 'scalar' && right.kind === 'scalar') return scalarsMatch(left.text, right.text);
  if (left.kind === 'ordered' && right.kind === 'ordered') {
    return (
      left.open === right.open && left.close === right.close && listsMatch(left.items, right.items)
    );
  }
  if (left.kind === 'unordered' && right.kind === 'unordered') {
    return unorderedMatch(left.items, right.items, elementsMatch);
  }
  if (left.kind === 'union' && right.kind === 'union') {
    return unorderedMatch(left.parts, right.parts, shapesMatch);
  }
  if (left.kind === 'matrix' && right.kind === 'matrix') {
    return (
      left.rows.length === right.rows.length &&
      left.rows.every((row, index) => listsMatch(row, right.rows[index] ?? []))
    );
  }
  // `\{3\}` against `3`: a one-element set is its element.
  const single = (shape: AnswerShape) =>
    shape.kind === 'unordered' && shape.items.length === 1 ? shape.items[0] : undefined;
  const leftSingle = single(left) ?? (left.kind === 'scalar' ? left.text : undefined);
  const rightSingle = single(right) ?? (right.kind === 'scalar' ? right.text : undefined);
  return leftSingle !== undefined && rightSingle !== undefined && left.kind !== right.kind
    ? elementsMatch(leftSingle, rightSingle)
    : false;
}

function listsMatch(left: readonly string[], right: readonly string[]): boolean {
  return (
    left.length === right.length &&
    left.every((item, index) => elementsMatch(item, right[index] ?? ''))
  );
}

/** Every left item pairs with a distinct right item. */
function unorderedMatch<T>(
  left: readonly T[],
  right: readonly T[],
  match: (a: T, b: T) => boolean,
) {
  if (left.length !== right.length) return false;
  const unused = [...right];
  return left.every((item) => {
    const index = unused.findIndex((other) => match(item, other));
    if (index < 0) return false;
    unused.splice(index, 1);
    return true;
  });
}

/** Elements are normalised again: `x=1, x=2` has a variable in each element. */
function elementsMatch(left: string, right: string): boolean {
  const a = normalizeAnswer(left).text;
  const b = normalizeAnswer(right).text;
  return a === b || shapesMatch(readShape(a), readShape(b));
}

function scalarsMatch(left: string, right: string): boolean {
  if (left === right) return true;
  const bareLeft = left.replace(/[{}]/g, '');
  const bareRight = right.replace(/[{}]/g, '');
  if (bareLeft.toLowerCase() === bareRight.toLowerCase()) return true;
  // Words are compared as words: the parser would read "ab" as a·b and equal it to "ba".
  if (/^[a-zA-Z]{2,}$/.test(bareLeft) || /^[a-zA-Z]{2,}$/.test(bareRight)) return false;
  if (/^-?\d+(\.\d+)?$/.test(left) && /^-?\d+(\.\d+)?$/.test(right)) return false;
  if (left.length > MAX_PARSED_LENGTH || right.length > MAX_PARSED_LENGTH) return false;
  try {
    const leftSides = splitTopLevel(left, '=');
    const rightSides = splitTopLevel(right, '=');
    if (leftSides.length === 2 && rightSides.length === 2) {
      // Equations match when lhs − rhs agree up to a constant factor (2y = 2x ⇔ y = x).
      const [l1, r1, l2, r2] = [...leftSides, ...rightSides] as [string, string, string, string];
      return expressionsMatch(`(${l1})-(${r1})`, `(${l2})-(${r2})`, true);
    }
    if (leftSides.length !== rightSides.length) return false;
    return expressionsMatch(left, right, false);
  } catch {
    return false;
  }
}

function expressionsMatch(left: string, right: string, upToFactor: boolean): boolean {
  const ce = getEngine();
  const a = ce.parse(left);
  const b = ce.parse(right);
  if (!a.isValid || !b.isValid) return false;
  const unknowns = [...new Set([...a.unknowns, ...b.unknowns])].sort();
  if (unknowns.length === 0) return !upToFactor && numbersMatch(a.N(), b.N());
  if (a.unknowns.length !== b.unknowns.length) return false;
  const pairs = PROBE_VALUES.map((_, probe) => {
    const values = Object.fromEntries(
      unknowns.map((name, index) => [
        name,
        PROBE_VALUES[(probe + index) % PROBE_VALUES.length] ?? 0,
      ]),
    );
    return [a.subs(values).N(), b.subs(values).N()] as const;
  });
  if (!upToFactor) return pairs.every(([x, y]) => numbersMatch(x, y));
  const ratios = pairs.map(([x, y]) => (isNumber(x) && isNumber(y) ? x.re / y.re : Number.NaN));
  const first = ratios[0] ?? Number.NaN;
  return Number.isFinite(first) && first !== 0 && ratios.every((ratio) => close(ratio, first));
}

function numbersMatch(left: Expression, right: Expression): boolean {
  if (!isNumber(left) || !isNumber(right)) return false;
  return close(left.re, right.re) && close(left.im, right.im);
}

function close(left: number, right: number): boolean {
  if (Number.isNaN(left) || Number.isNaN(right)) return Number.isNaN(left) && Number.isNaN(right);
  if (!Number.isFinite(left) || !Number.isFinite(right)) return left === right;
  const scale = Math.max(1, Math.abs(left), Math.abs(right));
  return Math.abs(left - right) <= RELATIVE_TOLERANCE * scale;
}
