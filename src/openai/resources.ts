/** JSON shapes of the conversation resources (read a conversation, a turn and its step trace). */
import type { Prices } from '../app-config.ts';
import type { ConversationView, TurnDetail, TurnSummary } from '../conversation-types.ts';
import { toApiUsage } from './usage.ts';

function seconds(ms: number | undefined): number | null {
  return ms === undefined ? null : Math.floor(ms / 1000);
}

export function turnSummaryJson(conversationId: string, turn: TurnSummary, prices: Prices) {
  return {
    id: turn.turnId,
    object: 'conversation.turn',
    conversation_id: conversationId,
    status: turn.status,
    created_at: seconds(turn.createdAt),
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
      seed: turn.config.seed,
    },
    usage: toApiUsage(turn.usage, prices),
    /** Pass as Last-Event-ID (or `after`) to replay the turn's events from its start. */
    events_cursor: turn.firstSeq - 1,
  };
}

export function turnDetailJson(conversationId: string, turn: TurnDetail, prices: Prices) {
  return {
    ...turnSummaryJson(conversationId, turn, prices),
    steps: turn.steps.map((step) => ({
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
    })),
  };
}

export function conversationJson(view: ConversationView, prices: Prices) {
  return {
    id: view.id,
    object: 'conversation',
    created_at: seconds(view.createdAt),
    turns: view.turns.map((turn) => turnSummaryJson(view.id, turn, prices)),
  };
}
