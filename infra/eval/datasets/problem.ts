/**
 * The evaluation problem: one question of a benchmark, in the shape every loader produces and the
 * runner and grader consume. Owns no I/O.
 */
import type { ChoiceLetter } from '../../../src/core/prompts.ts';

export { CHOICE_LETTERS } from '../../../src/core/prompts.ts';
export type { ChoiceLetter };

/** How a problem is asked and graded. */
export type ProblemKind = 'math' | 'multiple-choice';

/** The benchmarks the harness knows by name; a simulator world is `sim:<world>`. */
export type DatasetFormat = 'aime2024' | 'math500' | 'gpqa-diamond';

/** One benchmark question, ready to send and to grade. */
export interface EvalProblem {
  /** The dataset's name as it appears in results and reports, e.g. `math500` or `sim:arithmetic`. */
  dataset: string;
  /** Stable within the dataset (a source id, else the row's position). */
  id: string;
  kind: ProblemKind;
  /** The question text, without instructions (the server applies the prompt template). */
  question: string;
  /** Math: the reference answer (LaTeX). Multiple choice: the correct letter in `choices`. */
  answer: string;
  /** Multiple choice only: the four options in display order. */
  choices?: Readonly<Record<ChoiceLetter, string>> | undefined;
  /** MATH-500 only: the subject (e.g. `Algebra`). */
  subject?: string | undefined;
  /** MATH-500 only: the difficulty level, 1 to 5. */
  level?: number | undefined;
}

/** A loaded dataset: its problems and whether its answers come from the simulator. */
export interface LoadedDataset {
  name: string;
  problems: EvalProblem[];
  /** True for simulator worlds: their accuracy figures are labelled simulated. */
  isSimulated: boolean;
}
