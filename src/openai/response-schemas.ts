/**
 * Response schemas of the public API, for /openapi.json: the chat completion and its stream
 * chunk, the `usage` object, the conversation resources, the models list and the error envelope.
 * They describe and never build: the builders (from-core, resources, usage, errors) return the
 * types inferred here, so a builder that drifts from its schema does not compile. Objects are
 * documented open (no `additionalProperties: false`) so clients tolerate fields added later.
 */
import { z } from '@hono/zod-openapi';
import type { DirectStepReason, StepOrigin, ThinkingStopReason } from '../core/events.ts';
import type { TurnStatus } from '../core/state.ts';

export const count = z.number().int().min(0);

export const StepOriginSchema = z.enum(['draft', 'base'] satisfies StepOrigin[]);
export const DirectStepReasonSchema = z.enum([
  'first-n-base',
  'draft-failed',
  'draft-degraded',
  'single-model',
] satisfies DirectStepReason[]);
export const ThinkingStopReasonSchema = z.enum([
  'answer',
  'budget',
  'repeated-step',
  'max-steps',
] satisfies ThinkingStopReason[]);

export const CallFailureSchema = z
  .object({
    code: z.string().openapi({ description: 'What failed, e.g. `timeout`, `http`, `network`' }),
    message: z.string(),
    isRetryable: z.boolean(),
    status: z.number().int().optional().openapi({ description: 'HTTP status, when there was one' }),
    retryAfterMs: z.number().min(0).optional().openapi({
      description: "The backend's requested wait, in milliseconds",
    }),
  })
  .openapi('CallFailure', { description: 'A failed model call, without secrets or stack' });

export const SpecReasonUsageSchema = z
  .object({
    steps_proposed: count.openapi({ description: 'Draft steps sent to the judge' }),
    steps_accepted: count,
    steps_regenerated: count,
    steps_base: count.openapi({ description: 'Steps the base model wrote without a draft' }),
    steps_draft_only: count.openapi({ description: 'Steps the draft model wrote alone' }),
    draft_tokens: count,
    base_tokens: count,
    answer_tokens: count,
    judge_prefill_tokens: count,
    judge_calls: count,
    judge_failures: count,
    draft_failures: count,
    draft_prompt_tokens: count,
    base_prompt_tokens: count,
    discarded_tokens: count.openapi({ description: 'Tokens generated and thrown away' }),
    accept_rate: z.number().min(0).max(1).nullable().openapi({
      description: 'accepted / (accepted + regenerated); null when no step was judged',
    }),
    cost_usd: z.number().openapi({ description: 'Cost from the configured price table' }),
    estimated: z.boolean().openapi({ description: 'Some token counts were estimated' }),
  })
  .openapi('SpecReasonUsage', {
    description: 'Steps by outcome, tokens by origin, judge calls and cost of one turn',
  });

export const UsageSchema = z
  .object({
    prompt_tokens: count.openapi({ description: 'Prompt tokens the models processed, all calls' }),
    completion_tokens: count.openapi({
      description: 'Tokens of the kept reasoning and the answer',
    }),
    total_tokens: count,
    completion_tokens_details: z.object({ reasoning_tokens: count }),
    specreason: SpecReasonUsageSchema,
  })
  .openapi('Usage', { description: "OpenAI's usage object with the SpecReason extension" });

const finishReason = z.enum(['stop', 'length']);

export const ChatCompletionSchema = z
  .object({
    id: z.string(),
    object: z.literal('chat.completion'),
    created: z.number().int().openapi({ description: 'Unix seconds' }),
    model: z.string(),
    choices: z.array(
      z.object({
        index: z.literal(0),
        message: z.object({
          role: z.literal('assistant'),
          content: z.string(),
          reasoning_content: z.string().openapi({
            description: 'The kept reasoning steps, joined by blank lines',
          }),
          reasoning: z.string().openapi({ description: 'The same as reasoning_content' }),
        }),
        logprobs: z.null(),
        finish_reason: finishReason,
      }),
    ),
    usage: UsageSchema.optional(),
    specreason: z.object({
      conversation_id: z.string(),
      turn_id: z.number().int().min(1),
      elapsed_ms: z.number().openapi({ description: 'How long the turn ran' }),
    }),
  })
  .openapi('ChatCompletion', { description: 'A whole (non-streamed) chat completion' });

export const ChatCompletionChunkSchema = z
  .object({
    id: z.string(),
    object: z.literal('chat.completion.chunk'),
    created: z.number().int().openapi({ description: 'Unix seconds' }),
    model: z.string(),
    choices: z.array(
      z.object({
        index: z.literal(0),
        delta: z.object({
          role: z.literal('assistant').optional(),
          content: z.string().optional(),
          reasoning_content: z.string().optional(),
          reasoning: z.string().optional(),
        }),
        logprobs: z.null(),
        finish_reason: finishReason.nullable(),
      }),
    ),
    usage: UsageSchema.optional().openapi({ description: 'Only on the usage chunk' }),
    specreason: z
      .object({ conversation_id: z.string(), turn_id: z.number().int().min(1) })
      .optional()
      .openapi({ description: 'Only on the usage chunk' }),
  })
  .openapi('ChatCompletionChunk', {
    description:
      'The `data:` of one server-sent event. A stream sends a role chunk, reasoning deltas (`reasoning_content` and `reasoning`), answer deltas (`content`), one chunk with a `finish_reason`, with `stream_options.include_usage` a chunk with empty `choices` and `usage`, then `data: [DONE]`. A turn that fails sends an ErrorResponse as a `data:` instead of the finish chunk.',
  });

const SettingsSchema = z
  .object({
    mode: z.enum(['speculative', 'base', 'draft']),
    threshold: z.number(),
    score_method: z.enum(['greedy', 'average']),
    first_n_base_steps: count,
    token_budget: count,
    max_step_tokens: count,
    pipeline: z.enum(['off', 'draft-ahead', 'hedged']),
    semantics: z.enum(['product', 'reference']),
    seed: count,
  })
  .openapi({ description: 'The resolved knobs the turn ran with' });

export const TurnSummarySchema = z
  .object({
    id: z.number().int().min(1),
    object: z.literal('conversation.turn'),
    conversation_id: z.string(),
    status: z.enum([
      'running',
      'paused',
      'completed',
      'cancelled',
      'failed',
    ] satisfies TurnStatus[]),
    created_at: z.number().int().openapi({ description: 'Unix seconds' }),
    ended_at: z.number().int().nullable().openapi({ description: 'Unix seconds' }),
    elapsed_ms: z.number().nullable(),
    question: z.string(),
    answer: z.string(),
    stop_reason: ThinkingStopReasonSchema.nullable().openapi({ description: 'Why thinking ended' }),
    finish_reason: finishReason.nullable(),
    failure: CallFailureSchema.nullable().openapi({ description: 'Why the turn paused or failed' }),
    settings: SettingsSchema,
    usage: UsageSchema,
    events_cursor: z.number().int().min(0).openapi({
      description: "Pass as Last-Event-ID (or `after`) to replay the turn's events from its start",
    }),
  })
  .openapi('ConversationTurn', { description: 'A turn of a conversation, without its steps' });

const TurnStepSchema = z
  .object({
    index: count,
    origin: StepOriginSchema,
    decision: z
      .enum(['accepted', 'regenerated', ...DirectStepReasonSchema.options])
      .openapi({ description: 'Judged (accepted, regenerated), or why it was not judged' }),
    score: z.number().nullable().openapi({ description: "The judge's 0–9 score, if judged" }),
    text: z.string(),
    draft_text: z.string().nullable().openapi({ description: 'The rejected draft' }),
    tokens: count,
    draft_tokens: count.nullable(),
    timings: z.object({
      draft_ms: z.number().nullable(),
      judge_ms: z.number().nullable(),
      base_ms: z.number().nullable(),
    }),
  })
  .openapi('TurnStep', { description: 'A kept reasoning step and how it was decided' });

export const TurnDetailSchema = TurnSummarySchema.extend({
  steps: z.array(TurnStepSchema),
}).openapi('ConversationTurnDetail', { description: 'A turn with its per-step trace' });

export const ConversationSchema = z
  .object({
    id: z.string(),
    object: z.literal('conversation'),
    created_at: z.number().int().openapi({ description: 'Unix seconds' }),
    turns: z.array(TurnSummarySchema),
  })
  .openapi('Conversation');

export const ConversationStorageSchema = z
  .object({
    object: z.literal('conversation.storage'),
    conversation_id: z.string(),
    database_bytes: count,
    steps: count.openapi({ description: 'Kept steps stored, all turns' }),
    schema_version: count,
  })
  .openapi('ConversationStorage', { description: "The conversation's Durable Object storage" });

export const ModelListSchema = z
  .object({
    object: z.literal('list'),
    data: z.array(
      z
        .object({
          id: z.string(),
          object: z.literal('model'),
          created: z.number().int(),
          owned_by: z.string(),
        })
        .openapi('Model'),
    ),
  })
  .openapi('ModelList');

export const ErrorResponseSchema = z
  .object({
    error: z.object({
      message: z.string(),
      type: z.enum([
        'invalid_request_error',
        'authentication_error',
        'not_found_error',
        'rate_limit_error',
        'server_error',
      ]),
      param: z.string().nullable().openapi({ description: 'The request parameter at fault' }),
      code: z.string().nullable(),
    }),
  })
  .openapi('ErrorResponse', { description: "OpenAI's error envelope" });

export type ApiUsage = z.infer<typeof UsageSchema>;
export type ChatCompletion = z.infer<typeof ChatCompletionSchema>;
export type ChatCompletionChunk = z.infer<typeof ChatCompletionChunkSchema>;
export type TurnSummaryJson = z.infer<typeof TurnSummarySchema>;
export type TurnStepJson = z.infer<typeof TurnStepSchema>;
export type TurnDetailJson = z.infer<typeof TurnDetailSchema>;
export type ConversationJson = z.infer<typeof ConversationSchema>;
export type ConversationStorageJson = z.infer<typeof ConversationStorageSchema>;
export type ModelList = z.infer<typeof ModelListSchema>;
export type ErrorEnvelope = z.infer<typeof ErrorResponseSchema>;

/** A route's JSON body of `schema`, as createRoute documents content. */
export function jsonContent<T extends z.ZodType>(schema: T) {
  return { 'application/json': { schema } };
}

/** A documented error response: the description, in the error envelope. */
export function documentedError(description: string) {
  return { description, content: jsonContent(ErrorResponseSchema) };
}

/** The errors every authenticated route can answer. */
export const authErrors = {
  401: documentedError('Missing or unknown API key'),
  429: documentedError('Rate limited (see retry-after)'),
};
