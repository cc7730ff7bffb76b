/**
 * What one benchmark turn sends: the problem as the user message, non-streamed, and the
 * `specreason` knobs of its mode (the pipelining variants are speculative turns with
 * `pipeline` set; the threshold only goes with speculative turns). Pure.
 */
import type { EvalProblem } from '../eval/datasets/problem.ts';
import type { BenchMode } from './options.ts';

/** One turn to run. */
export interface TurnPlan {
  problem: EvalProblem;
  mode: BenchMode;
  threshold: number;
  seed: number;
}

function isSpeculative(mode: BenchMode): boolean {
  return mode === 'speculative' || mode === 'draft-ahead' || mode === 'hedged';
}

export function turnRequestBody(plan: TurnPlan): Record<string, unknown> {
  const { problem, mode } = plan;
  const knobs: Record<string, unknown> = {
    mode: isSpeculative(mode) ? 'speculative' : mode,
    prompt_template: problem.kind,
    seed: plan.seed,
  };
  if (isSpeculative(mode)) {
    knobs.threshold = plan.threshold;
    knobs.pipeline = mode === 'speculative' ? 'off' : mode;
  }
  if (problem.choices !== undefined) knobs.choices = { ...problem.choices };
  return {
    model: 'specreason',
    messages: [{ role: 'user', content: problem.question }],
    stream: false,
    specreason: knobs,
  };
}
