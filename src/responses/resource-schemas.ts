/**
 * The response object and its items, after the Open Responses specification (version
 * 2026-04-24: `ResponseResource`, `Message`, `ReasoningBody`, `Usage`), with the SpecReason
 * figures added to `usage` and a `specreason` object naming the conversation and turn. The
 * builders (responses/resource.ts, responses/stream-events.ts) return these inferred types.
 */
import { z } from '@hono/zod-openapi';
import { count, SpecReasonUsageSchema } from '../openai/response-schemas.ts';
import { REASONING_EFFORTS } from './request-schema.ts';

/** A list this API always leaves empty (annotations, logprobs, tools). */
export const alwaysEmpty = z.array(z.unknown()).max(0).openapi({ description: 'Always empty' });

export const OutputTextSchema = z
  .object({
    type: z.literal('output_text'),
    text: z.string(),
    annotations: alwaysEmpty,
  })
  .openapi('ResponseOutputText');

export const ReasoningTextSchema = z
  .object({ type: z.literal('reasoning_text'), text: z.string() })
  .openapi('ResponseReasoningText', { description: 'The kept steps, joined by blank lines' });

export const SummaryTextSchema = z
  .object({ type: z.literal('summary_text'), text: z.string() })
  .openapi('ResponseSummaryText', { description: 'One kept step' });

const itemStatus = z.enum(['in_progress', 'completed', 'incomplete']);

export const MessageItemSchema = z
  .object({
    type: z.literal('message'),
    id: z.string(),
    status: itemStatus,
    role: z.literal('assistant'),
    content: z.array(OutputTextSchema),
  })
  .openapi('ResponseMessageItem', { description: 'The answer' });

export const ReasoningItemSchema = z
  .object({
    type: z.literal('reasoning'),
    id: z.string(),
    status: itemStatus.openapi({ description: 'An addition to the specification' }),
    content: z.array(ReasoningTextSchema),
    summary: z.array(SummaryTextSchema),
  })
  .openapi('ResponseReasoningItem', {
    description:
      'The kept reasoning steps: verbatim in `content` (one reasoning_text), and one summary part per step (clients that show only summaries see the steps)',
  });

export const OutputItemSchema = z
  .discriminatedUnion('type', [ReasoningItemSchema, MessageItemSchema])
  .openapi('ResponseOutputItem');

export const ResponseUsageSchema = z
  .object({
    input_tokens: count.openapi({ description: 'Prompt tokens the models processed, all calls' }),
    input_tokens_details: z.object({ cached_tokens: count }),
    output_tokens: count.openapi({ description: 'Tokens of the kept steps and the answer' }),
    output_tokens_details: z.object({
      reasoning_tokens: count.openapi({ description: 'Tokens of the kept steps' }),
    }),
    total_tokens: count,
    specreason: SpecReasonUsageSchema,
  })
  .openapi('ResponseUsage');

export const RESPONSE_STATUSES = [
  'queued',
  'in_progress',
  'completed',
  'incomplete',
  'failed',
  'cancelled',
] as const;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];

export const ResponseObjectSchema = z
  .object({
    id: z.string().openapi({ example: 'resp_Y29udl8xMjMuMQ' }),
    object: z.literal('response'),
    created_at: count,
    completed_at: count.nullable(),
    status: z.enum(RESPONSE_STATUSES),
    incomplete_details: z.object({ reason: z.string() }).nullable(),
    model: z.string(),
    previous_response_id: z.string().nullable(),
    instructions: z.string().nullable(),
    output: z.array(OutputItemSchema),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    tools: alwaysEmpty,
    tool_choice: z.literal('none'),
    truncation: z.literal('disabled'),
    parallel_tool_calls: z.boolean(),
    text: z.object({ format: z.object({ type: z.literal('text') }) }),
    top_p: z.number(),
    presence_penalty: z.number(),
    frequency_penalty: z.number(),
    top_logprobs: count,
    temperature: z.number(),
    reasoning: z
      .object({
        effort: z.enum(REASONING_EFFORTS).nullable(),
        summary: z.string().nullable(),
      })
      .nullable(),
    usage: ResponseUsageSchema.nullable(),
    max_output_tokens: count.nullable(),
    max_tool_calls: count.nullable(),
    store: z.boolean(),
    background: z.boolean(),
    service_tier: z.string(),
    metadata: z.record(z.string(), z.string()),
    safety_identifier: z.string().nullable(),
    prompt_cache_key: z.string().nullable(),
    specreason: z
      .object({ conversation_id: z.string(), turn_id: count })
      .openapi({ description: 'Where the turn lives: the conversation routes show its trace' }),
  })
  .openapi('Response', { description: 'A response (Open Responses `ResponseResource`)' });

export const InputMessageSchema = z
  .object({
    type: z.literal('message'),
    id: z.string(),
    status: z.literal('completed'),
    role: z.enum(['user', 'assistant', 'system', 'developer']),
    content: z.array(
      z.discriminatedUnion('type', [
        z.object({ type: z.literal('input_text'), text: z.string() }),
        OutputTextSchema,
      ]),
    ),
  })
  .openapi('ResponseInputMessage');

export const InputItemListSchema = z
  .object({
    object: z.literal('list'),
    data: z.array(InputMessageSchema),
    first_id: z.string().nullable(),
    last_id: z.string().nullable(),
    has_more: z.boolean(),
  })
  .openapi('ResponseInputItemList');

export const DeletedResponseSchema = z
  .object({ id: z.string(), object: z.literal('response'), deleted: z.literal(true) })
  .openapi('DeletedResponse');

export type ResponseObject = z.infer<typeof ResponseObjectSchema>;
export type OutputItem = z.infer<typeof OutputItemSchema>;
export type ReasoningItem = z.infer<typeof ReasoningItemSchema>;
export type MessageItem = z.infer<typeof MessageItemSchema>;
export type ResponseUsage = z.infer<typeof ResponseUsageSchema>;
export type InputMessage = z.infer<typeof InputMessageSchema>;
export type InputItemList = z.infer<typeof InputItemListSchema>;
