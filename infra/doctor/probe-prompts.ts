/** The prompts the doctor sends: a short question and one written step, as the Worker builds them. */
import { problemMessages } from '../../src/core/prompts.ts';

export const PROBLEM = problemMessages({ template: 'generic', text: 'What is 17*23+4?' });
export const FIRST_STEP = 'First, 17 × 23 = 391.';
