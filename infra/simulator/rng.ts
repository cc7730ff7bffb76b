/**
 * Deterministic randomness: string hashing and a small seeded generator. Every choice the
 * simulator makes (which step errs, what the judge scores) flows from a hash of the request text,
 * so the same request always gets the same answer, across restarts and processes.
 */
import { hashText } from '../../src/core/hash.ts';
import { seededRandom } from '../../src/core/random.ts';

/** A 32-bit hash of the parts, stable across runs (the project's hash over the joined text). */
export function hashParts(...parts: readonly (string | number)[]): number {
  let text = '';
  for (const part of parts) text += `${part}\u0000`;
  return hashText(text);
}

/** A seeded source of numbers; every method advances the same stream. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability `probability`. */
  chance(probability: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** Normally distributed (Box–Muller). */
  normal(mean: number, deviation: number): number;
}

/** A generator seeded by a hash of `parts` (mulberry32). */
export function createRandom(...parts: readonly (string | number)[]): Random {
  const next = seededRandom(hashParts(...parts));
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (probability) => next() < probability,
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new RangeError('Cannot pick from an empty list');
      return item;
    },
    normal: (mean, deviation) => {
      const first = Math.max(next(), Number.EPSILON);
      const second = next();
      return mean + deviation * Math.sqrt(-2 * Math.log(first)) * Math.cos(2 * Math.PI * second);
    },
  };
}

/** 32 lowercase hex digits derived from `parts`, shaped like Python's `uuid4().hex`. */
export function hexId(...parts: readonly (string | number)[]): string {
  let text = '';
  for (let round = 0; round < 4; round += 1) {
    text += hashParts(round, ...parts)
      .toString(16)
      .padStart(8, '0');
  }
  return text;
}
