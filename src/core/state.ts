/**
 * The state of one turn: everything the step machine needs to decide its next move, as plain
 * JSON so the Durable Object can persist it and resume after a restart. Also the machine's
 * inputs and effects. Types, constructors and two questions about a status; decisions live in
 * machine.ts.
 */
import type { TurnConfig } from './config.ts';
import type {
  CallFailure,
  DirectStepReason,
  StepOrigin,
  ThinkingStopReason,
  TurnEvent,
} from './events.ts';
import type { ChatMessage, GenerateResult, JudgeResult, SamplingParameters } from './ports.ts';
import { emptyTurnUsage, type TurnUsage } from './usage.ts';

/** A step that made it into the reasoning. */
export interface KeptStep {
  index: number;
  text: string;
  origin: StepOrigin;
  /** How the step was decided. */
  decision: 'accepted' | 'regenerated' | DirectStepReason;
  /** The judge's score; `null` when the judge failed; `undefined` when not judged. */
  score: number | null | undefined;
  /** Output tokens of the kept text (counted against the budget). */
  tokens: number;
  /** The rejected draft, for regenerated steps. */
  draftText?: string | undefined;
  draftTokens?: number | undefined;
  /** Milliseconds each call took, as the driver measured them. */
  timings: {
    draftMs?: number | undefined;
    judgeMs?: number | undefined;
    baseMs?: number | undefined;
  };
}

/** A finished draft step waiting for (or past) its judgement. */
export interface DraftCandidate {
  /** The step as it will be kept (a stray `</think>` removed: stop-rules.ts `cleanStep`). */
  text: string;
  /**
   * The text as the model wrote it, only when cleaning changed it: what the judge sees under
   * `semantics: 'reference'` (the reference judges the raw step; we judge the kept one).
   */
  rawText?: string | undefined;
  tokens: number;
  elapsedMs: number;
}

/** The step being decided now. */
export interface PendingStep {
  index: number;
  /** Set when the base model writes this step without a judged draft. */
  direct?: DirectStepReason | undefined;
  /** The draft under judgement (visible through `step-proposed`). */
  draft?: DraftCandidate | undefined;
  /** The judgement: a score, or `null` for a failed judge call. `undefined` = not yet judged. */
  score?: number | null | undefined;
  judgeElapsedMs?: number | undefined;
  /** Hedging: the base model's own version of this step, finished before the judgement. */
  hedge?: DraftCandidate | undefined;
}

/** Pipelining: the draft of the next step, made assuming the pending draft is accepted. */
export interface AheadDraft {
  index: number;
  /** Present once the call has finished; never visible until the pending step is accepted. */
  result?: DraftCandidate | undefined;
}

export type CallKind = 'draft-step' | 'judge' | 'base-step' | 'answer' | 'free-run';

/** A model call the machine started and has not yet heard back from. */
export interface CallRef {
  /** Deterministic: the same call after a restart has the same id. */
  id: string;
  kind: CallKind;
  /** The step the call is for (the first step of a free run; the step count for the answer). */
  index: number;
  /** Started ahead of need (pipelining, hedging): dropped on restart, never paused for. */
  speculative: boolean;
}

/** Text streamed by the current free-run or answer call (reset when the call restarts). */
export interface StreamProgress {
  callId: string;
  raw: string;
  /** Characters of `raw` already cut into steps. */
  consumed: number;
  /** `</think>` has been seen: the rest of `raw` is answer. */
  closed: boolean;
}

export type TurnStatus = 'running' | 'paused' | 'completed' | 'cancelled' | 'failed';

/** The turn has ended (its log ends with `turn-end`); a failed one may still be resumed. */
export function hasTurnEnded(status: TurnStatus): boolean {
  return status === 'completed' || status === 'cancelled' || status === 'failed';
}

/** A paused turn, or one that failed for a reason that may pass, can be picked up again. */
export function canResume(state: Pick<TurnState, 'status' | 'failure'>): boolean {
  return (
    state.status === 'paused' || (state.status === 'failed' && state.failure?.isRetryable === true)
  );
}

export interface TurnState {
  version: 1;
  config: TurnConfig;
  /** History and the templated question: the part of every prompt before the thinking. */
  messages: ChatMessage[];
  status: TurnStatus;
  phase: 'thinking' | 'answering' | 'done';
  started: boolean;
  steps: KeptStep[];
  pending?: PendingStep | undefined;
  ahead?: AheadDraft | undefined;
  inFlight: CallRef[];
  stream?: StreamProgress | undefined;
  consecutiveDraftFailures: number;
  draftDegraded: boolean;
  stopReason?: ThinkingStopReason | undefined;
  answer: string;
  answerFinish?: 'stop' | 'length' | undefined;
  failure?: CallFailure | undefined;
  /** Consecutive pauses for the same failing call. */
  pauses: number;
  usage: TurnUsage;
}

export function createTurnState(config: TurnConfig, messages: readonly ChatMessage[]): TurnState {
  return {
    version: 1,
    config,
    messages: [...messages],
    status: 'running',
    phase: 'thinking',
    started: false,
    steps: [],
    inFlight: [],
    consecutiveDraftFailures: 0,
    draftDegraded: false,
    answer: '',
    pauses: 0,
    usage: emptyTurnUsage(),
  };
}

/** What the driver must send: a generation (streamed or not) or a judge call. */
export type CallRequest =
  | {
      type: 'generate';
      model: 'draft' | 'base';
      messages: ChatMessage[];
      sampling: SamplingParameters;
      /** Deliver text as it streams (`call-text` inputs). */
      streamText: boolean;
      /** Ask the adapter to close the thinking first (the answer call; ports.ts). */
      closeThinking?: boolean | undefined;
    }
  | {
      type: 'judge';
      model: 'base';
      messages: ChatMessage[];
      topLogprobs: number;
      seed: number | undefined;
    };

export type MachineInput =
  /** Start the turn, or pick it up again after a restart or a pause. */
  | { type: 'resume' }
  | { type: 'call-text'; callId: string; text: string }
  | { type: 'call-done'; callId: string; result: GenerateResult; elapsedMs: number }
  | { type: 'judge-done'; callId: string; result: JudgeResult; elapsedMs: number }
  | { type: 'call-failed'; callId: string; failure: CallFailure; elapsedMs: number }
  /** The turn cannot run at all (e.g. the backends are misconfigured). */
  | { type: 'fail'; failure: CallFailure }
  | OwnerInput;

/**
 * What the turn's owner (the Durable Object) tells the machine. The owner runs the turn in
 * slices (the driver, bounded in time) woken by an alarm; the machine says when the next slice
 * runs (`set-alarm`, `clear-alarm`). `now` is the owner's clock, in ms since the epoch.
 */
export type OwnerInput =
  /** A run slice stopped (the driver returned); `cancelRequested`: a cancel arrived during it. */
  | { type: 'slice-ended'; now: number; cancelRequested: boolean }
  /** A client asked to pick a paused or failed turn up again now. */
  | { type: 'resume-requested'; now: number }
  /** A client asked to cancel while no slice runs. */
  | { type: 'cancel-requested' };

export type Effect =
  | { type: 'start-call'; call: CallRef; request: CallRequest }
  | { type: 'abort-call'; callId: string }
  | { type: 'emit'; event: TurnEvent }
  /** The owner runs the next slice at `at` (ms since the epoch); one alarm replaces another. */
  | { type: 'set-alarm'; at: number }
  /** No slice is due: the turn has ended. */
  | { type: 'clear-alarm' };

export interface Transition {
  state: TurnState;
  effects: Effect[];
}
