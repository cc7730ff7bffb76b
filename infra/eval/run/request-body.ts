/**
 * The request body of one sample for SpecReason Edge's public API: the question as the user
 * message, non-streamed, with the SpecReason knobs in the `specreason` extension object. The
 * server renders the reference prompt (`math` or `multiple-choice` with the choices). Pure.
 */
import type { ChoiceLetter } from '../datasets/problem.ts';
import type { EvalMode, SampleTask, ScoreMethod, Semantics } from './sweep-plan.ts';

/** The `specreason` extension object of the API contract. */
export interface SpecReasonKnobs {
  mode: EvalMode;
  threshold?: number;
  score_method?: ScoreMethod;
  first_n_base_steps?: number;
  token_budget: number;
  prompt_template: 'math' | 'multiple-choice';
  choices?: Record<ChoiceLetter, string>;
  seed: number;
  semantics: Semantics;
}

export interface ChatRequestBody {
  model: string;
  messages: [{ role: 'user'; content: string }];
  stream: false;
  specreason: SpecReasonKnobs;
}

/** Knobs that only speculative runs use are sent only with them. */
export function buildRequestBody(task: SampleTask, model: string): ChatRequestBody {
  const { problem, config } = task;
  const knobs: SpecReasonKnobs = {
    mode: config.mode,
    token_budget: config.tokenBudget,
    prompt_template: problem.kind,
    seed: task.seed,
    semantics: config.semantics,
  };
  if (config.mode === 'speculative') {
    if (config.threshold !== undefined) knobs.threshold = config.threshold;
    knobs.score_method = config.scoreMethod;
    knobs.first_n_base_steps = config.firstNBaseSteps;
  }
  if (problem.choices !== undefined) knobs.choices = { ...problem.choices };
  return {
    model,
    messages: [{ role: 'user', content: problem.question }],
    stream: false,
    specreason: knobs,
  };
}
