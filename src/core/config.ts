/**
 * Per-turn settings (the SpecReason knobs) and their defaults, which equal the reference
 * implementation's (design.md §1). Pure data; validation of user input lives in src/openai.
 */

/**
 * `speculative`: draft, judge, regenerate rejected steps (SpecReason). `base`: the base model
 * alone, one continuous generation (the baseline every speed claim is measured against).
 * `draft`: the draft model alone, likewise.
 */
export type Mode = 'speculative' | 'base' | 'draft';

/** How the judge's top logprobs become a 0–9 score (design.md §1.3). */
export type ScoreMethod = 'greedy' | 'average';

/**
 * Speculative pipelining (issue 5). `off`: the paper's sequential loop. `draft-ahead`: draft
 * step k+1 while step k is judged. `hedged`: draft-ahead, and also run the base model's own
 * step k beside draft k (or its judge, when the draft was made ahead), cancelled on acceptance:
 * a rejection costs no extra round trip, for base-model work that acceptances throw away.
 */
export type PipelineMode = 'off' | 'draft-ahead' | 'hedged';

/**
 * `product` (default): SpecReason Edge's choices where it deviates from the reference (per-call
 * seeds, defensive scoring, the judge sees the cleaned step; README.md, "Where SpecReason Edge differs from the
 * reference").
 * `reference`: the reference implementation's exact semantics (ruipeterpan/specreason,
 * spec_reason.py), for paper comparisons: no seed sent, its scoring rules, the judge sees the raw
 * step, and a `</think>` is removed only from a step without an answer.
 */
export type Semantics = 'product' | 'reference';

export interface TurnConfig {
  mode: Mode;
  /** Accept a draft step when its score is at least this (0–9). */
  threshold: number;
  scoreMethod: ScoreMethod;
  /** The first n steps go straight to the base model. */
  firstNBaseSteps: number;
  /** Output tokens of the kept steps after which thinking stops. */
  tokenBudget: number;
  /** Upper bound on the tokens of one step. */
  maxStepTokens: number;
  /** Upper bound on the tokens of the final answer. */
  answerMaxTokens: number;
  /** Safety bound on the number of steps, whatever their length. */
  maxSteps: number;
  temperature: number;
  topP: number;
  /** Alternatives requested from the judge. */
  judgeTopLogprobs: number;
  /** Consecutive draft failures after which the turn continues with the base model alone. */
  draftFailureLimit: number;
  pipeline: PipelineMode;
  semantics: Semantics;
  /**
   * The turn's seed (0 to 2^32 - 1). Each call is sent its own seed derived from it
   * (call-seed.ts), never this value itself; `reference` semantics send none.
   */
  seed: number;
}

const DEFAULT_TURN_CONFIG: Readonly<Omit<TurnConfig, 'seed'>> = Object.freeze({
  mode: 'speculative',
  threshold: 7,
  scoreMethod: 'greedy',
  firstNBaseSteps: 0,
  tokenBudget: 8192,
  maxStepTokens: 512,
  answerMaxTokens: 1024,
  maxSteps: 1000,
  temperature: 0.6,
  topP: 0.95,
  judgeTopLogprobs: 10,
  draftFailureLimit: 3,
  pipeline: 'off',
  semantics: 'product',
});

/** Fills every knob the caller left out with its default. */
export function resolveTurnConfig(partial: Partial<TurnConfig> & { seed: number }): TurnConfig {
  const config: TurnConfig = { ...DEFAULT_TURN_CONFIG, seed: partial.seed };
  for (const [key, value] of Object.entries(partial)) {
    if (value !== undefined) (config as unknown as Record<string, unknown>)[key] = value;
  }
  return config;
}
