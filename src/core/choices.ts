/**
 * Multiple-choice options in a seeded order. The reference always put the right answer first
 * (option A), a known bias; we shuffle with a seed and record where the right answer landed.
 */
import { CHOICE_LETTERS, type ChoiceLetter } from './prompts.ts';
import { seededRandom } from './random.ts';

export interface ShuffledChoices {
  choices: Record<ChoiceLetter, string>;
  /** The letter the correct answer was given. */
  answer: ChoiceLetter;
}

/** Places the correct answer and three wrong ones under A–D in an order fixed by `seed`. */
export function shuffleChoices(
  correct: string,
  incorrect: readonly [string, string, string],
  seed: number,
): ShuffledChoices {
  const options = [correct, ...incorrect];
  const random = seededRandom(seed);
  const order = [0, 1, 2, 3];
  for (let position = order.length - 1; position > 0; position -= 1) {
    const swap = Math.floor(random() * (position + 1));
    [order[position], order[swap]] = [order[swap] as number, order[position] as number];
  }
  const choices = {} as Record<ChoiceLetter, string>;
  let answer: ChoiceLetter = 'A';
  CHOICE_LETTERS.forEach((letter, position) => {
    const optionIndex = order[position] as number;
    choices[letter] = options[optionIndex] as string;
    if (optionIndex === 0) answer = letter;
  });
  return { choices, answer };
}
