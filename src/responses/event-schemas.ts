/**
 * The streamed events of a response, after the Open Responses specification (version
 * 2026-04-24): lifecycle events carrying a response snapshot, output item and content part
 * events, reasoning (`response.reasoning.*`) and reasoning summary deltas, output text deltas.
 * One addition: `response.cancelled` ends the stream of a cancelled response (the
 * specification names no event for that status).
 */
import { z } from '@hono/zod-openapi';
import { count, ErrorResponseSchema } from '../openai/response-schemas.ts';
import {
  alwaysEmpty,
  OutputItemSchema,
  OutputTextSchema,
  ReasoningTextSchema,
  ResponseObjectSchema,
  SummaryTextSchema,
} from './resource-schemas.ts';

const sequence_number = count.openapi({ description: 'Consecutive from 0 within a response' });

const lifecycle = <T extends string>(type: T) =>
  z.object({ type: z.literal(type), sequence_number, response: ResponseObjectSchema });

const itemEvent = <T extends string>(type: T) =>
  z.object({ type: z.literal(type), sequence_number, output_index: count, item: OutputItemSchema });

const located = {
  sequence_number,
  item_id: z.string(),
  output_index: count,
};

const partEvent = <T extends string>(type: T) =>
  z.object({
    type: z.literal(type),
    ...located,
    content_index: count,
    part: z.discriminatedUnion('type', [ReasoningTextSchema, OutputTextSchema]),
  });

const summaryPartEvent = <T extends string>(type: T) =>
  z.object({ type: z.literal(type), ...located, summary_index: count, part: SummaryTextSchema });

export const ResponseStreamEventSchema = z
  .discriminatedUnion('type', [
    lifecycle('response.created'),
    lifecycle('response.queued'),
    lifecycle('response.in_progress'),
    lifecycle('response.completed'),
    lifecycle('response.incomplete'),
    lifecycle('response.failed'),
    lifecycle('response.cancelled'),
    itemEvent('response.output_item.added'),
    itemEvent('response.output_item.done'),
    partEvent('response.content_part.added'),
    partEvent('response.content_part.done'),
    z.object({
      type: z.literal('response.reasoning.delta'),
      ...located,
      content_index: count,
      delta: z.string(),
    }),
    z.object({
      type: z.literal('response.reasoning.done'),
      ...located,
      content_index: count,
      text: z.string(),
    }),
    summaryPartEvent('response.reasoning_summary_part.added'),
    summaryPartEvent('response.reasoning_summary_part.done'),
    z.object({
      type: z.literal('response.reasoning_summary_text.delta'),
      ...located,
      summary_index: count,
      delta: z.string(),
    }),
    z.object({
      type: z.literal('response.reasoning_summary_text.done'),
      ...located,
      summary_index: count,
      text: z.string(),
    }),
    z.object({
      type: z.literal('response.output_text.delta'),
      ...located,
      content_index: count,
      delta: z.string(),
      logprobs: alwaysEmpty,
    }),
    z.object({
      type: z.literal('response.output_text.done'),
      ...located,
      content_index: count,
      text: z.string(),
      logprobs: alwaysEmpty,
    }),
    z.object({
      type: z.literal('error'),
      sequence_number,
      error: ErrorResponseSchema.shape.error,
    }),
  ])
  .openapi('ResponseStreamEvent', {
    description:
      'One server-sent event (`event:` = type, `id:` = sequence_number). An `error` event is not part of the durable stream: resume with starting_after',
  });

export type ResponseStreamEvent = z.infer<typeof ResponseStreamEventSchema>;

/** An event before its sequence number is assigned. */
export type UnnumberedEvent = ResponseStreamEvent extends infer E
  ? E extends { sequence_number: number }
    ? Omit<E, 'sequence_number'>
    : never
  : never;
