/**
 * What one chunk (or one whole reply) of any backend contributes to a step, and the shared
 * readings of its finish reason and missing usage. Each provider's wire module narrows its own
 * payloads into a `StepDelta`; the streamed-step reader only ever sees this shape.
 */
import type { FinishReason, TokenUsage } from '../../core/ports.ts';

/** What one chunk (or one whole reply) contributes to a step. */
export interface StepDelta {
  /** New visible text; '' when the chunk carried none. */
  text: string;
  /** The server's finish reason, once it sends one. */
  finishReason: string | undefined;
  usage: TokenUsage | undefined;
}

/** Reads the payloads of one reply, in order: `undefined` for a shape it does not know. */
export type StepDeltaReader = (value: unknown) => StepDelta | undefined;

export const NO_USAGE: TokenUsage = {
  promptTokens: undefined,
  completionTokens: undefined,
  cachedPromptTokens: undefined,
};

/** Maps a server's finish reason; anything but `stop` and `length` (or nothing) is `other`. */
export function toFinishReason(raw: string | undefined): FinishReason {
  if (raw === 'stop' || raw === 'length') return { unified: raw, raw };
  return { unified: 'other', raw };
}
