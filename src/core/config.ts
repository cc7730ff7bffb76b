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
  /** Seed sent with every generation call of the turn (deterministic replays). */
  seed: number;
}

export const DEFAULT_TURN_CONFIG: Readonly<Omit<TurnConfig, 'seed'>> = Object.freeze({
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
});

/** Fills every knob the caller left out with its default. */
export function resolveTurnConfig(partial: Partial<TurnConfig> & { seed: number }): TurnConfig {
  const config: TurnConfig = { ...DEFAULT_TURN_CONFIG, seed: partial.seed };
  for (const [key, value] of Object.entries(partial)) {
    if (value !== undefined) (config as unknown as Record<string, unknown>)[key] = value;
  }
  return config;
}
