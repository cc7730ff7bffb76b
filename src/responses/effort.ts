/**
 * `reasoning.effort` as presets of the SpecReason knobs. Less effort means a smaller thinking
 * budget and a judge that accepts more draft steps (fewer base-model rewrites); more effort the
 * reverse. `medium` is the reference implementation's defaults. Knobs in the request's own
 * `specreason` object override the preset.
 */
import type { SpecReasonOptions } from '../openai/schemas.ts';
import type { ReasoningEffort } from './request-schema.ts';

export const EFFORT_PRESETS: Readonly<
  Record<ReasoningEffort, Pick<SpecReasonOptions, 'token_budget' | 'threshold'>>
> = {
  low: { token_budget: 2048, threshold: 5 },
  medium: { token_budget: 8192, threshold: 7 },
  high: { token_budget: 16384, threshold: 8 },
};
