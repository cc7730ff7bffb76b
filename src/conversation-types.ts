/**
 * What the Worker and the Conversation Durable Object exchange over RPC: plain, serialisable
 * values, and the summary a stored turn becomes. Outcomes a caller must handle are unions, not
 * thrown errors.
 */

import type { TurnRecord } from './adapters/storage/sqlite-store.ts';
import type { TurnConfig } from './core/config.ts';
import type { HistoryTurn, Problem } from './core/prompts.ts';
import type { KeptStep, TurnState } from './core/state.ts';

export interface StartTurnInput {
  conversationId: string;
  tenant: string;
  /** Create the conversation if it does not exist (a request without a conversation id). */
  create: boolean;
  /** System prompt and earlier exchanges sent with the first request of a new conversation. */
  system?: string | undefined;
  seedHistory?: HistoryTurn[] | undefined;
  problem: Problem;
  /** The question as the user wrote it: what later turns see as history. */
  userText: string;
  config: TurnConfig;
  /**
   * Stored with the turn, returned by `annotatedTurn` (the Responses API keeps its response
   * record here, as JSON: src/responses/record.ts). The object never reads it.
   */
  annotation?: string | undefined;
  /**
   * The turn the new one must follow (the Responses API's `previous_response_id`): refused with
   * `not-latest` when the conversation's latest turn is another. Checked here, with the turn's
   * creation, so two requests chained to the same turn cannot both start one.
   */
  follows?: number | undefined;
}

export type StartTurnOutcome =
  | { type: 'started'; turnId: number; afterSeq: number }
  | { type: 'not-found' }
  | { type: 'busy'; turnId: number }
  | { type: 'not-latest'; latestTurnId: number };

export interface TurnSummary {
  turnId: number;
  status: TurnState['status'];
  createdAt: number;
  endedAt: number | undefined;
  question: string;
  answer: string;
  stopReason: TurnState['stopReason'];
  answerFinish: TurnState['answerFinish'];
  failure: TurnState['failure'];
  usage: TurnState['usage'];
  config: TurnConfig;
  firstSeq: number;
}

export interface TurnDetail extends TurnSummary {
  steps: KeptStep[];
}

export interface ConversationView {
  id: string;
  createdAt: number;
  turns: TurnSummary[];
}

/** A turn's event log as stored lines (turn-log.ts); `ended`: the replay is all there is. */
export interface TurnEventStream {
  ended: boolean;
  stream: ReadableStream<Uint8Array>;
}

/** A turn (with its steps, or only its summary) and its annotation. */
export interface AnnotatedTurn<Detail extends TurnSummary = TurnDetail> {
  detail: Detail;
  annotation: string | undefined;
}

export type TurnActionOutcome =
  | { type: 'ok'; turn: TurnSummary }
  | { type: 'not-found' }
  | { type: 'conflict'; message: string };

/** What a stored turn shows the Worker: everything but its steps. */
export function summarizeTurn(record: TurnRecord): TurnSummary {
  const state = record.state;
  return {
    turnId: record.turnId,
    status: record.status,
    createdAt: record.createdAt,
    endedAt: record.endedAt,
    question: record.userText,
    answer: record.answer,
    stopReason: state.stopReason,
    answerFinish: state.answerFinish,
    failure: state.failure,
    usage: state.usage,
    config: state.config,
    firstSeq: record.firstSeq,
  };
}

/** The answer to an action on a turn: its summary, or that there is no such turn. */
export function turnOutcome(record: TurnRecord | undefined): TurnActionOutcome {
  return record === undefined ? { type: 'not-found' } : { type: 'ok', turn: summarizeTurn(record) };
}
