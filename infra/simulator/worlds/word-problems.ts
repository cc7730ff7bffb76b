/**
 * Arithmetic word problems: a start quantity, a chain of changes, a question. Every sentence comes
 * from a fixed template holding one operation, so the problem text alone gives back its solution
 * plan (`parseWordProblem`), whichever seed or client produced it. Algebra openers ("Let x
 * satisfy 7x + 12 = 89.") add two steps of equation solving.
 */
import type { Random } from '../rng.ts';
import type { Plan, PlanStep } from './plan.ts';
import {
  ALGEBRA_START,
  CLAUSES,
  QUESTION_PATTERNS,
  START_PATTERNS,
  VALUE_CLAUSES,
} from './word-clauses.ts';

/** Ranges that shape a generated problem. */
export interface WordProblemShape {
  operations: readonly [number, number];
  start: readonly [number, number];
  multiplier: readonly [number, number];
  addend: readonly [number, number];
  maxValue: number;
  algebraChance: number;
  vocabulary: 'everyday' | 'science';
}

/** Reads a word problem back into its plan; `undefined` if the text is not one of ours. */
export function parseWordProblem(
  text: string,
): Omit<Plan, 'finalStyle' | 'choices' | 'difficulty'> | undefined {
  const sentences = text
    .trim()
    .replace(/\?\.$/, '?')
    .split(/(?<=[.?])\s+/);
  const first = sentences[0] ?? '';
  const question = sentences.at(-1) ?? '';
  const steps: PlanStep[] = [];
  let unit: string;
  const algebra = ALGEBRA_START.exec(first);
  if (algebra !== null) {
    const [a, b, c] = [Number(algebra[1]), Number(algebra[2]), Number(algebra[3])];
    steps.push({
      left: literal(c),
      operation: '-',
      right: literal(b),
      subject: `${a}x, after subtracting ${b} from both sides`,
    });
    steps.push({
      left: { kind: 'step', index: 0 },
      operation: '÷',
      right: literal(a),
      subject: `x, after dividing both sides by ${a}`,
    });
    unit = 'value';
  } else {
    const start = START_PATTERNS.map((pattern) => pattern.exec(first)).find(
      (match) => match !== null,
    );
    if (start === undefined || start === null) return undefined;
    unit = start[2] ?? 'items';
    steps.push({
      left: literal(0),
      operation: '+',
      right: literal(Number(start[1])),
      subject: `the starting number of ${unit}`,
    });
  }
  for (const sentence of sentences.slice(1, -1)) {
    const clauses = unit === 'value' ? VALUE_CLAUSES : CLAUSES;
    const found = clauses
      .map((clause) => ({ clause, match: clause.pattern.exec(sentence) }))
      .find((candidate) => candidate.match !== null);
    if (found?.match == null) return undefined;
    const number = Number(found.match[1]);
    unit = found.clause.unit(found.match, unit);
    steps.push({
      left: { kind: 'step', index: steps.length - 1 },
      operation: found.clause.operation,
      right: literal(number),
      subject: found.clause.subject(number, unit),
    });
  }
  if (!QUESTION_PATTERNS.some((pattern) => pattern.test(question))) return undefined;
  // The opening "0 + n" step only anchors the chain; the first real step reads n directly.
  const chain = algebra === null ? dropAnchor(steps) : steps;
  if (chain.length < 2) return undefined;
  return {
    steps: chain,
    target: unit === 'value' ? 'the final value' : `the final number of ${unit}`,
  };
}

function literal(value: number) {
  return { kind: 'literal' as const, value };
}

function dropAnchor(steps: readonly PlanStep[]): PlanStep[] {
  const anchor = steps[0];
  if (anchor === undefined || anchor.right.kind !== 'literal') return [...steps];
  const start = anchor.right;
  return steps.slice(1).map((step) => ({
    ...step,
    left: step.left.kind === 'step' && step.left.index === 0 ? start : shift(step.left),
    right: shift(step.right),
  }));
}

function shift(operand: PlanStep['left']): PlanStep['left'] {
  return operand.kind === 'step' ? { kind: 'step', index: operand.index - 1 } : operand;
}

const NAMES = ['Maya', 'Omar', 'Lena', 'Ravi', 'Chen', 'Sofia', 'Jonas', 'Amara', 'Diego', 'Priya'];
const EVERYDAY_UNITS = [
  ['crates', 'boxes', 'packets', 'cards'],
  ['shelves', 'jars', 'marbles'],
  ['trucks', 'bags', 'apples'],
  ['trays', 'cookies'],
];
const SCIENCE_UNITS = [
  ['reactors', 'pellets', 'grains'],
  ['flasks', 'samples', 'cells'],
  ['panels', 'modules', 'sensors'],
  ['racks', 'plates', 'colonies'],
];
const PLACES = {
  everyday: ['warehouse', 'shop', 'library', 'school'],
  science: ['laboratory', 'facility', 'station', 'clinic'],
};

/** Writes a new problem of `shape`; its text parses back to the same plan. */
export function generateWordProblem(shape: WordProblemShape, random: Random): string {
  const name = random.pick(NAMES);
  const units = [...random.pick(shape.vocabulary === 'science' ? SCIENCE_UNITS : EVERYDAY_UNITS)];
  const sentences: string[] = [];
  let value: number;
  let unit: string;
  if (random.chance(shape.algebraChance)) {
    const a = random.int(2, 12);
    const x = random.int(shape.start[0], shape.start[1]);
    const b = random.int(shape.addend[0], shape.addend[1]);
    sentences.push(`Let x satisfy ${a}x + ${b} = ${a * x + b}.`);
    value = x;
    unit = 'value';
  } else {
    value = random.int(shape.start[0], shape.start[1]);
    unit = units.shift() ?? 'items';
    const opener = random.chance(0.5)
      ? `${name} has`
      : `A ${random.pick(PLACES[shape.vocabulary])} stores`;
    sentences.push(`${opener} ${value} ${unit}.`);
  }
  const count = random.int(shape.operations[0], shape.operations[1]);
  for (let written = 0, attempts = 0; written < count && attempts < 500; attempts += 1) {
    const next = nextClause(shape, random, value, unit, units);
    if (next === undefined) continue;
    sentences.push(next.clause.write(next.number, unit, next.unit, name));
    value = next.value;
    unit = next.unit;
    written += 1;
  }
  sentences.push(
    unit === 'value' ? 'What is the final value?' : `How many ${unit} are there at the end?`,
  );
  return sentences.join(' ');
}

function nextClause(
  shape: WordProblemShape,
  random: Random,
  value: number,
  unit: string,
  units: string[],
) {
  const clauses = unit === 'value' ? VALUE_CLAUSES : CLAUSES;
  const clause = random.pick(clauses);
  const [low, high] =
    clause.operation === '×' || clause.operation === '÷' ? shape.multiplier : shape.addend;
  if (clause.operation === '÷') {
    const divisors = range(low, high).filter(
      (divisor) => value % divisor === 0 && value / divisor >= 2,
    );
    if (divisors.length === 0) return undefined;
    const number = random.pick(divisors);
    return { clause, number, value: value / number, unit };
  }
  const number = random.int(low, high);
  if (clause.operation === '-')
    return number < value ? { clause, number, value: value - number, unit } : undefined;
  if (clause.operation === '+')
    return value + number <= shape.maxValue
      ? { clause, number, value: value + number, unit }
      : undefined;
  if (value * number > shape.maxValue) return undefined;
  const changesUnit = clause.pattern.source.startsWith('^Each');
  if (changesUnit && units.length === 0) return undefined;
  return {
    clause,
    number,
    value: value * number,
    unit: changesUnit ? (units.shift() ?? unit) : unit,
  };
}

function range(low: number, high: number): number[] {
  return Array.from({ length: Math.max(high - low + 1, 0) }, (_, index) => low + index);
}
