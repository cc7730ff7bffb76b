/**
 * JSON shapes of the conversation resources (a conversation, a turn and its step trace, the
 * storage figures), typed by their schemas in response-schemas.ts.
 */
import type { Prices } from '../app-config.ts';
import type { ConversationView, TurnDetail, TurnSummary } from '../conversation-types.ts';
import type {
  ConversationJson,
  ConversationStorageJson,
  TurnDetailJson,
  TurnStepJson,
  TurnSummaryJson,
} from './response-schemas.ts';
import { toApiUsage } from './usage.ts';

function seconds(ms: number | undefined): number | null {
  return ms === undefined ? null : Math.floor(ms / 1000);
}

export function turnSummaryJson(
  conversationId: string,
  turn: TurnSummary,
  prices: Prices,
): TurnSummaryJson {
  return {
    id: turn.turnId,
    object: 'conversation.turn',
    conversation_id: conversationId,
    status: turn.status,
    created_at: Math.floor(turn.createdAt / 1000),
    ended_at: seconds(turn.endedAt),
    elapsed_ms: turn.endedAt === undefined ? null : turn.endedAt - turn.createdAt,
    question: turn.question,
    answer: turn.answer,
    stop_reason: turn.stopReason ?? null,
    finish_reason: turn.answerFinish ?? null,
    failure: turn.failure ?? null,
    settings: {
      mode: turn.config.mode,
      threshold: turn.config.threshold,
      score_method: turn.config.scoreMethod,
      first_n_base_steps: turn.config.firstNBaseSteps,
      token_budget: turn.config.tokenBudget,
      max_step_tokens: turn.config.maxStepTokens,
      pipeline: turn.config.pipeline,
      // Turns stored before the knob existed ran with the product semantics.
      semantics: turn.config.semantics ?? 'product',
      seed: turn.config.seed,
    },
    usage: toApiUsage(turn.usage, prices),
    events_cursor: turn.firstSeq - 1,
  };
}

export function turnDetailJson(
  conversationId: string,
  turn: TurnDetail,
  prices: Prices,
): TurnDetailJson {
  return {
    ...turnSummaryJson(conversationId, turn, prices),
    steps: turn.steps.map(
      (step): TurnStepJson => ({
        index: step.index,
        origin: step.origin,
        decision: step.decision,
        score: step.score ?? null,
        text: step.text,
        draft_text: step.draftText ?? null,
        tokens: step.tokens,
        draft_tokens: step.draftTokens ?? null,
        timings: {
          draft_ms: step.timings.draftMs ?? null,
          judge_ms: step.timings.judgeMs ?? null,
          base_ms: step.timings.baseMs ?? null,
        },
      }),
    ),
  };
}

export function conversationJson(view: ConversationView, prices: Prices): ConversationJson {
  return {
    id: view.id,
    object: 'conversation',
    created_at: Math.floor(view.createdAt / 1000),
    turns: view.turns.map((turn) => turnSummaryJson(view.id, turn, prices)),
  };
}

export function storageJson(
  conversationId: string,
  stats: { databaseBytes: number; steps: number; schemaVersion: number },
): ConversationStorageJson {
  return {
    object: 'conversation.storage',
    conversation_id: conversationId,
    database_bytes: stats.databaseBytes,
    steps: stats.steps,
    schema_version: stats.schemaVersion,
  };
}
