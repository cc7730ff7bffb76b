/**
 * The named problem worlds served at `/sim/worlds/:world`: `math` (MATH-500-like chains),
 * `aime` (long chains with large numbers) and `gpqa` (multiple choice over science-flavoured
 * chains, options shuffled). Items are generated from the world name, seed and index only.
 */
import { CHOICE_LETTERS, type ChoiceLetter } from '../../../src/core/prompts.ts';
import { createRandom, type Random } from '../rng.ts';
import { applyOperation, formatValue, type PlanStep, planAnswer } from './plan.ts';
import { generateWordProblem, parseWordProblem, type WordProblemShape } from './word-problems.ts';

/** One item as JSON lines carry it. */
export type WorldItem =
  | { id: string; problem: string; answer: string }
  | { id: string; question: string; choices: Record<ChoiceLetter, string>; answer: ChoiceLetter };

interface World {
  kind: 'math' | 'multiple-choice';
  shape: WordProblemShape;
}

const WORLDS: Readonly<Record<string, World>> = {
  math: {
    kind: 'math',
    shape: {
      operations: [3, 6],
      start: [5, 60],
      multiplier: [2, 12],
      addend: [2, 60],
      maxValue: 20000,
      algebraChance: 0.25,
      vocabulary: 'everyday',
    },
  },
  aime: {
    kind: 'math',
    shape: {
      operations: [9, 15],
      start: [20, 900],
      multiplier: [3, 40],
      addend: [10, 900],
      maxValue: 2000000,
      algebraChance: 0.3,
      vocabulary: 'everyday',
    },
  },
  gpqa: {
    kind: 'multiple-choice',
    shape: {
      operations: [4, 8],
      start: [10, 200],
      multiplier: [2, 20],
      addend: [5, 200],
      maxValue: 200000,
      algebraChance: 0.15,
      vocabulary: 'science',
    },
  },
};

const ALIASES: Readonly<Record<string, string>> = { arithmetic: 'math', 'multiple-choice': 'gpqa' };

/** The world names (aliases included). */
export const WORLD_NAMES: readonly string[] = [...Object.keys(WORLDS), ...Object.keys(ALIASES)];

/** `count` items of world `name` for `seed`; `undefined` for an unknown world. */
export function generateWorld(name: string, count: number, seed: number): WorldItem[] | undefined {
  const canonical = ALIASES[name] ?? name;
  const world = WORLDS[canonical];
  if (world === undefined) return undefined;
  return Array.from({ length: count }, (_, index) => {
    const random = createRandom('world', canonical, seed, index);
    const id = `${canonical}-${seed}-${index}`;
    const text = generateWordProblem(world.shape, random);
    const plan = parseWordProblem(text);
    if (plan === undefined)
      throw new Error(`World ${canonical} wrote a problem it cannot read: ${text}`);
    const answer = planAnswer({ ...plan, finalStyle: 'boxed', difficulty: 0 });
    if (world.kind === 'math') return { id, problem: text, answer: formatValue(answer) };
    const { choices, letter } = choicesFor(plan.steps, answer, random);
    return { id, question: text, choices, answer: letter };
  });
}

/** Four options: the answer and three values a slip along the chain would give, shuffled. */
function choicesFor(steps: readonly PlanStep[], answer: number, random: Random) {
  const values = new Set<number>([answer]);
  for (let attempt = 0; values.size < 4 && attempt < 40; attempt += 1) {
    const candidate = distractor(steps, answer, random);
    if (Number.isInteger(candidate) && candidate > 0) values.add(candidate);
  }
  for (let offset = 1; values.size < 4; offset += 1) values.add(answer + offset * 7);
  const order = [...values].sort(() => random.next() - 0.5);
  const choices = Object.fromEntries(
    CHOICE_LETTERS.map((letter, index) => [letter, formatValue(order[index] ?? answer)]),
  ) as Record<ChoiceLetter, string>;
  const letter = CHOICE_LETTERS[order.indexOf(answer)] ?? 'A';
  return { choices, letter };
}

function distractor(steps: readonly PlanStep[], answer: number, random: Random): number {
  const kind = random.int(0, 2);
  if (kind === 0) return answer + random.pick([-10, -2, -1, 1, 2, 10]);
  // Recompute the chain with one step skipped or one slip carried forward.
  const faulty = random.int(0, steps.length - 1);
  const results: number[] = [];
  steps.forEach((step, index) => {
    const left = step.left.kind === 'literal' ? step.left.value : (results[step.left.index] ?? 0);
    const right =
      step.right.kind === 'literal' ? step.right.value : (results[step.right.index] ?? 0);
    let value = applyOperation(left, step.operation, right);
    if (index === faulty)
      value = kind === 1 ? left : value + random.pick([-1, 1]) * random.int(1, 12);
    results.push(value);
  });
  return results.at(-1) ?? answer;
}
