/**
 * The sentence templates of word problems: openers, one clause per operation (each with exactly
 * one number and a fixed wording, so a sentence identifies its operation), and questions. The
 * "value" clauses follow an algebra opener ("Let x satisfy 7x + 12 = 89.").
 */
import type { Operation } from './plan.ts';

/** One operation's sentence: how to recognise it, phrase its step and write it. */
export interface Clause {
  operation: Operation;
  pattern: RegExp;
  /** The unit after this clause, from the captures and the unit before it. */
  unit: (match: RegExpMatchArray, unit: string) => string;
  subject: (number: number, unit: string) => string;
  write: (number: number, unit: string, next: string, name: string) => string;
}

export const CLAUSES: readonly Clause[] = [
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

export const VALUE_CLAUSES: readonly Clause[] = [
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

export const START_PATTERNS: readonly RegExp[] = [
  /^[A-Z][a-z]+ has (\d+) ([a-z]+)\.$/,
  /^A [a-z]+ stores (\d+) ([a-z]+)\.$/,
];
export const ALGEBRA_START = /^Let x satisfy (\d+)x \+ (\d+) = (\d+)\.$/;
export const QUESTION_PATTERNS: readonly RegExp[] = [
  /^How many ([a-z]+) are there at the end\?$/,
  /^What is the final value\?$/,
];
