/**
 * The public events of a turn: every state change the step machine makes visible. They form the
 * ordered event log that the Durable Object persists and streams (the log assigns sequence
 * numbers). A draft step is never visible before it is decided: `step-proposed` is emitted only
 * for the step being judged now, never for one drafted ahead.
 */
import type { TurnUsage } from './usage.ts';

/** Who wrote a kept step. */
export type StepOrigin = 'draft' | 'base';

/** Why a step was written without judging. */
export type DirectStepReason =
  /** `first_n_base_steps`: the first steps go to the base model. */
  | 'first-n-base'
  /** The draft call failed; the base model wrote this step. */
  | 'draft-failed'
  /** The draft backend kept failing; the turn continues with the base model alone. */
  | 'draft-degraded'
  /** `mode: base` or `mode: draft`: one model writes every step. */
  | 'single-model';

/** Why thinking ended. */
export type ThinkingStopReason =
  /** A step holds the answer (`boxed`, `Answer:`, `ANSWER:`), or the model closed its thinking. */
  | 'answer'
  /** The kept steps used up the token budget. */
  | 'budget'
  /** A step repeated the one before it. */
  | 'repeated-step'
  /** The safety bound on the number of steps. */
  | 'max-steps';

/** A failure as the events and the state record it (no stack, no secrets). */
export interface CallFailure {
  /** A `ModelCallErrorCode`, or `internal` for a bug. */
  code: string;
  message: string;
  isRetryable: boolean;
  /** HTTP status, when there was one. */
  status?: number | undefined;
  /** The backend's requested wait, in milliseconds. */
  retryAfterMs?: number | undefined;
}

export type TurnEvent =
  | { type: 'turn-start'; mode: string; pipeline: string }
  /** The draft model proposed step `index`; the judge is scoring it now. */
  | { type: 'step-proposed'; index: number; text: string; tokens: number; elapsedMs: number }
  /** The judge's score for step `index`; `score` is null when the judge call failed. */
  | {
      type: 'step-scored';
      index: number;
      score: number | null;
      threshold: number;
      elapsedMs: number;
      failure?: CallFailure | undefined;
    }
  /** The proposed draft is kept as step `index`. */
  | { type: 'step-accepted'; index: number; text: string; tokens: number; score: number }
  /** The proposed draft is discarded; the base model writes step `index` instead. */
  | { type: 'step-rejected'; index: number; score: number | null }
  /** The base model's rewrite is kept as step `index`. */
  | {
      type: 'step-regenerated';
      index: number;
      text: string;
      tokens: number;
      elapsedMs: number;
      draftText: string;
    }
  /** A step written by one model without judging. */
  | {
      type: 'step-generated';
      index: number;
      text: string;
      tokens: number;
      origin: StepOrigin;
      reason: DirectStepReason;
      elapsedMs: number;
    }
  /** The draft backend keeps failing: the rest of the turn uses the base model alone. */
  | { type: 'draft-degraded'; failures: number; failure: CallFailure }
  | { type: 'thinking-end'; reason: ThinkingStopReason; steps: number; keptTokens: number }
  | { type: 'answer-delta'; text: string }
  /** A call the turn cannot do without failed; the turn waits and retries (`retryAfterMs`). */
  | { type: 'turn-paused'; call: string; failure: CallFailure; attempt: number }
  | {
      type: 'turn-end';
      status: 'completed' | 'cancelled' | 'failed';
      /** `stop`: answered; `length`: the answer hit its token bound; otherwise the status. */
      finishReason: 'stop' | 'length' | 'cancelled' | 'error';
      usage: TurnUsage;
      failure?: CallFailure | undefined;
    };

/** The text of a kept step, if `event` keeps one. */
export function keptStepOf(
  event: TurnEvent,
): { index: number; text: string; origin: StepOrigin } | undefined {
  switch (event.type) {
    case 'step-accepted':
      return { index: event.index, text: event.text, origin: 'draft' };
    case 'step-regenerated':
      return { index: event.index, text: event.text, origin: 'base' };
    case 'step-generated':
      return { index: event.index, text: event.text, origin: event.origin };
    default:
      return undefined;
  }
}
