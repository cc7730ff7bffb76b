/**
 * The short question the client suites ask, and a turn seed they pin it with. The simulated
 * models make mistakes as real ones do: unseeded, 3 of 200 turns of this question answered
 * something other than 395 (`npm run specreason -- --seed N "What is 17*23+4?"` for N in
 * 1..200), so a suite asking eight unseeded turns would fail about one run in nine for a reason
 * that has nothing to do with the client under test.
 */
export const QUESTION = 'What is 17*23+4?';
/** A turn seed whose turn gets `QUESTION` right (391, then 395). */
export const QUESTION_SEED = 3;
