/**
 * Builds the response object from a turn's progress: the kept steps become the reasoning item,
 * the answer the message item, the turn status the response status. The stream (which follows
 * events) and the retrieve route (which reads the turn) both describe progress this way, so a
 * streamed `response.completed` and a later retrieve agree.
 */
import type { Prices } from '../app-config.ts';
import type { CallFailure } from '../core/events.ts';
import { STEP_SEPARATOR } from '../core/prompts.ts';
import type { TurnStatus } from '../core/state.ts';
import type { TurnUsage } from '../core/usage.ts';
import { toApiUsage } from '../openai/usage.ts';
import type { ResponseRecord } from './record.ts';
import type {
  MessageItem,
  OutputItem,
  ReasoningItem,
  ResponseObject,
  ResponseStatus,
  ResponseUsage,
} from './resource-schemas.ts';
import { outputItemIds } from './response-id.ts';

/** Who the response is: fixed for its whole life. */
export interface ResponseIdentity {
  id: string;
  conversationId: string;
  turnId: number;
  record: ResponseRecord;
  temperature: number;
  topP: number;
}

/** How far the turn has got. */
export interface ResponseProgress {
  /** The turn has started (false only for a background response just queued). */
  started: boolean;
  steps: string[];
  thinkingDone: boolean;
  answer: string;
  turnStatus: TurnStatus;
  /** `length`: the answer hit its bound. */
  answerFinish: 'stop' | 'length' | undefined;
  endedAt: number | undefined;
  usage: TurnUsage | undefined;
  failure: CallFailure | undefined;
}

export function responseStatus(progress: ResponseProgress): ResponseStatus {
  switch (progress.turnStatus) {
    case 'completed':
      return progress.answerFinish === 'length' ? 'incomplete' : 'completed';
    case 'cancelled':
      return 'cancelled';
    case 'failed':
      return 'failed';
    default:
      return progress.started ? 'in_progress' : 'queued';
  }
}

const ended = (status: ResponseStatus) => status !== 'queued' && status !== 'in_progress';

export function reasoningItem(
  identity: ResponseIdentity,
  steps: readonly string[],
  status: ReasoningItem['status'],
): ReasoningItem {
  return {
    type: 'reasoning',
    id: outputItemIds(identity.id).reasoning,
    status,
    content:
      status === 'in_progress'
        ? []
        : [{ type: 'reasoning_text', text: steps.join(STEP_SEPARATOR) }],
    summary: steps.map((text) => ({ type: 'summary_text' as const, text })),
  };
}

export function messageItem(
  identity: ResponseIdentity,
  answer: string,
  status: MessageItem['status'],
): MessageItem {
  return {
    type: 'message',
    id: outputItemIds(identity.id).message,
    status,
    role: 'assistant',
    content:
      status === 'in_progress' ? [] : [{ type: 'output_text', text: answer, annotations: [] }],
  };
}

function outputItems(identity: ResponseIdentity, progress: ResponseProgress): OutputItem[] {
  if (!progress.started) return [];
  const status = responseStatus(progress);
  const over = ended(status);
  const items: OutputItem[] = [
    reasoningItem(
      identity,
      progress.steps,
      progress.thinkingDone ? 'completed' : over ? 'incomplete' : 'in_progress',
    ),
  ];
  if (progress.thinkingDone) {
    const messageStatus = !over
      ? 'in_progress'
      : status === 'completed'
        ? 'completed'
        : 'incomplete';
    items.push(messageItem(identity, progress.answer, messageStatus));
  }
  return items;
}

export function responseUsage(usage: TurnUsage, prices: Prices): ResponseUsage {
  const api = toApiUsage(usage, prices);
  return {
    input_tokens: api.prompt_tokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: api.completion_tokens,
    output_tokens_details: { reasoning_tokens: api.completion_tokens_details.reasoning_tokens },
    total_tokens: api.total_tokens,
    specreason: api.specreason,
  };
}

function incompleteReason(status: ResponseStatus): ResponseObject['incomplete_details'] {
  return status === 'incomplete' ? { reason: 'max_output_tokens' } : null;
}

export function responseObject(
  identity: ResponseIdentity,
  progress: ResponseProgress,
  prices: Prices,
): ResponseObject {
  const record = identity.record;
  const status = responseStatus(progress);
  const over = ended(status);
  return {
    id: identity.id,
    object: 'response',
    created_at: Math.floor(record.createdAt / 1000),
    completed_at:
      over && progress.endedAt !== undefined ? Math.floor(progress.endedAt / 1000) : null,
    status,
    incomplete_details: incompleteReason(status),
    model: record.model,
    previous_response_id: record.previousResponseId,
    instructions: record.instructions,
    output: outputItems(identity, progress),
    error:
      status === 'failed'
        ? {
            code: progress.failure?.code ?? 'server_error',
            message: progress.failure?.message ?? 'The turn failed',
          }
        : null,
    tools: [],
    tool_choice: 'none',
    truncation: 'disabled',
    parallel_tool_calls: record.parallelToolCalls,
    text: { format: { type: 'text' } },
    top_p: identity.topP,
    presence_penalty: 0,
    frequency_penalty: 0,
    top_logprobs: 0,
    temperature: identity.temperature,
    reasoning: { effort: record.reasoningEffort, summary: record.reasoningSummary },
    usage: over && progress.usage !== undefined ? responseUsage(progress.usage, prices) : null,
    max_output_tokens: record.maxOutputTokens,
    max_tool_calls: record.maxToolCalls,
    store: record.store,
    background: record.background,
    service_tier: record.serviceTier,
    metadata: record.metadata,
    safety_identifier: record.safetyIdentifier,
    prompt_cache_key: record.promptCacheKey,
    specreason: { conversation_id: identity.conversationId, turn_id: identity.turnId },
  };
}
