/**
 * Arithmetic word problems: a start quantity, a chain of changes, a question. Every sentence comes
 * from a fixed template holding one operation, so the problem text alone gives back its solution
 * plan (`parseWordProblem`), whichever seed or client produced it. Algebra openers ("Let x
 * satisfy 7x + 12 = 89.") add two steps of equation solving.
 */
import type { Random } from '../rng.ts';
import type { Operation, Plan, PlanStep } from './plan.ts';

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

interface Clause {
  operation: Operation;
  pattern: RegExp;
  /** The unit after this clause, from the captures and the unit before it. */
  unit: (match: RegExpMatchArray, unit: string) => string;
  subject: (number: number, unit: string) => string;
  write: (number: number, unit: string, next: string, name: string) => string;
}

const CLAUSES: readonly Clause[] = [
  {
    operation: '×',
    pattern: /^Each of the [a-z]+ holds (\d+) ([a-z]+)\.$/,
    unit: (match) => match[2] ?? 'items',
    subject: (_, unit) => `the total number of ${unit}`,
    write: (number, unit, next) => `Each of the ${unit} holds ${number} ${next}.`,
  },
  {
    operation: '×',
    pattern: /^Then the number of [a-z]+ is multiplied by (\d+)\.$/,
    unit: (_, unit) => unit,
    subject: (number, unit) => `the ${unit} after multiplying by ${number}`,
    write: (number, unit) => `Then the number of ${unit} is multiplied by ${number}.`,
  },
  {
    operation: '+',
    pattern: /^Then (\d+) more [a-z]+ arrive\.$/,
    unit: (_, unit) => unit,
    subject: (number, unit) => `the ${unit} once ${number} more arrive`,
    write: (number, unit) => `Then ${number} more ${unit} arrive.`,
  },
  {
    operation: '+',
    pattern: /^[A-Z][a-z]+ also finds (\d+) extra [a-z]+\.$/,
    unit: (_, unit) => unit,
    subject: (number, unit) => `the ${unit} with the ${number} extra ones`,
    write: (number, unit, _, name) => `${name} also finds ${number} extra ${unit}.`,
  },
  {
    operation: '-',
    pattern: /^Later, (\d+) of the [a-z]+ are given away\.$/,
    unit: (_, unit) => unit,
    subject: (number, unit) => `the ${unit} left after giving away ${number}`,
    write: (number, unit) => `Later, ${number} of the ${unit} are given away.`,
  },
  {
    operation: '-',
    pattern: /^After that, (\d+) [a-z]+ are found to be damaged and removed\.$/,
    unit: (_, unit) => unit,
    subject: (number, unit) => `the ${unit} left after removing ${number} damaged ones`,
    write: (number, unit) => `After that, ${number} ${unit} are found to be damaged and removed.`,
  },
  {
    operation: '÷',
    pattern: /^The [a-z]+ are then shared equally among (\d+) groups, and we follow one group\.$/,
    unit: (_, unit) => unit,
    subject: (number, unit) => `the ${unit} in one of the ${number} groups`,
    write: (number, unit) =>
      `The ${unit} are then shared equally among ${number} groups, and we follow one group.`,
  },
];

const VALUE_CLAUSES: readonly Clause[] = [
  valueClause(
    '×',
    /^Multiply the value by (\d+)\.$/,
    (n) => `Multiply the value by ${n}.`,
    'multiplying by',
  ),
  valueClause('+', /^Add (\d+) to the value\.$/, (n) => `Add ${n} to the value.`, 'adding'),
  valueClause(
    '-',
    /^Subtract (\d+) from the value\.$/,
    (n) => `Subtract ${n} from the value.`,
    'subtracting',
  ),
  valueClause(
    '÷',
    /^Divide the value by (\d+)\.$/,
    (n) => `Divide the value by ${n}.`,
    'dividing by',
  ),
];

function valueClause(
  operation: Operation,
  pattern: RegExp,
  write: (number: number) => string,
  verb: string,
): Clause {
  return {
    operation,
    pattern,
    unit: () => 'value',
    subject: (number) => `the value after ${verb} ${number}`,
    write: (number) => write(number),
  };
}

const START_PATTERNS: readonly RegExp[] = [
  /^[A-Z][a-z]+ has (\d+) ([a-z]+)\.$/,
  /^A [a-z]+ stores (\d+) ([a-z]+)\.$/,
];
const ALGEBRA_START = /^Let x satisfy (\d+)x \+ (\d+) = (\d+)\.$/;
const QUESTION_PATTERNS: readonly RegExp[] = [
  /^How many ([a-z]+) are there at the end\?$/,
  /^What is the final value\?$/,
];

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
