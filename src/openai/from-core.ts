/**
 * From turn events to our OpenAI-compatible output: streamed chunks (reasoning as
 * `reasoning_content` and `reasoning` deltas, then `content`, one finish chunk, an optional usage
 * chunk) and the non-streamed completion. Kept steps are joined by blank lines, so the streamed
 * reasoning concatenates to exactly the kept steps.
 */

import type { Prices } from '../app-config.ts';
import { keptStepOf } from '../core/events.ts';
import { STEP_SEPARATOR } from '../core/prompts.ts';
import type { TurnUsage } from '../core/usage.ts';
import type { StoredEvent } from '../turn-log.ts';
import { ApiError } from './errors.ts';
import type { ChatCompletion, ChatCompletionChunk } from './response-schemas.ts';
import { toApiUsage } from './usage.ts';

export interface CompletionMeta {
  id: string;
  /** Unix seconds. */
  created: number;
  model: string;
  conversationId: string;
  turnId: number;
}

export type ChunkDelta = ChatCompletionChunk['choices'][number]['delta'];
type FinishReason = ChatCompletion['choices'][number]['finish_reason'];

/** What one event means for a stream: chunks to send, a comment, the end (and maybe an error). */
export interface StreamStep {
  chunks: ChatCompletionChunk[];
  comment?: string | undefined;
  end: boolean;
  error?: ApiError | undefined;
}

export class CompletionAssembler {
  private reasoning = '';
  private content = '';
  private finish: FinishReason | undefined;
  private usage: TurnUsage | undefined;

  constructor(
    private readonly meta: CompletionMeta,
    private readonly prices: Prices,
  ) {}

  chunk(delta: ChunkDelta, finishReason: FinishReason | null = null): ChatCompletionChunk {
    return {
      id: this.meta.id,
      object: 'chat.completion.chunk',
      created: this.meta.created,
      model: this.meta.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    };
  }

  /** The chunk that opens every stream. */
  roleChunk(): ChatCompletionChunk {
    return this.chunk({ role: 'assistant', content: '' });
  }

  push(stored: StoredEvent): StreamStep {
    const event = stored.event;
    const kept = keptStepOf(event);
    if (kept !== undefined) {
      const text = (this.reasoning === '' ? '' : STEP_SEPARATOR) + kept.text;
      this.reasoning += text;
      return { chunks: [this.chunk({ reasoning_content: text, reasoning: text })], end: false };
    }
    switch (event.type) {
      case 'answer-delta':
        this.content += event.text;
        return { chunks: [this.chunk({ content: event.text })], end: false };
      case 'turn-paused':
        return {
          chunks: [],
          comment: `paused: ${event.failure.message}; retrying (attempt ${event.attempt})`,
          end: false,
        };
      case 'draft-degraded':
        return {
          chunks: [],
          comment: 'draft model unavailable: continuing with the base model alone',
          end: false,
        };
      case 'turn-end':
        this.usage = event.usage;
        if (event.status === 'completed') {
          this.finish = event.finishReason === 'length' ? 'length' : 'stop';
          return { chunks: [this.chunk({}, this.finish)], end: true };
        }
        return { chunks: [], end: true, error: turnError(event.status, event.failure) };
      default:
        return { chunks: [], end: false };
    }
  }

  usageChunk(): ChatCompletionChunk | undefined {
    if (this.usage === undefined) return undefined;
    return {
      id: this.meta.id,
      object: 'chat.completion.chunk',
      created: this.meta.created,
      model: this.meta.model,
      choices: [],
      usage: toApiUsage(this.usage, this.prices),
      specreason: { conversation_id: this.meta.conversationId, turn_id: this.meta.turnId },
    };
  }

  completion(elapsedMs: number): ChatCompletion {
    return {
      id: this.meta.id,
      object: 'chat.completion',
      created: this.meta.created,
      model: this.meta.model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: this.content,
            reasoning_content: this.reasoning,
            reasoning: this.reasoning,
          },
          logprobs: null,
          finish_reason: this.finish ?? 'stop',
        },
      ],
      usage: this.usage === undefined ? undefined : toApiUsage(this.usage, this.prices),
      specreason: {
        conversation_id: this.meta.conversationId,
        turn_id: this.meta.turnId,
        elapsed_ms: elapsedMs,
      },
    };
  }
}

/** A turn that ended without an answer, as the error a client sees. */
function turnError(
  status: 'cancelled' | 'failed',
  failure: { message: string; isRetryable: boolean } | undefined,
): ApiError {
  if (status === 'cancelled') {
    return new ApiError({
      status: 409,
      message: 'The turn was cancelled before it finished',
      code: 'turn_cancelled',
    });
  }
  return new ApiError({
    status: 502,
    type: 'server_error',
    message:
      `The turn failed: ${failure?.message ?? 'unknown error'}.` +
      (failure?.isRetryable === true
        ? ' Resume it (POST …/turns/{n}/resume) once the backend is back.'
        : ' Retrying will not help; change the request or the configuration.'),
    code: 'turn_failed',
  });
}
