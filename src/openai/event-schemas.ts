/**
 * The schema of one message of a turn's event stream (`GET …/turns/{turn}/events`), for
 * /openapi.json: the event log's sequence, turn and time, then the core event itself, one
 * variant per `type`. The two compile-time checks below make the schema and the core's
 * `TurnEvent` the same type, so an event added to the core without its schema does not build.
 */
import { z } from '@hono/zod-openapi';
import type { TurnEvent } from '../core/events.ts';
import {
  CallFailureSchema,
  count,
  DirectStepReasonSchema,
  StepOriginSchema,
  ThinkingStopReasonSchema,
} from './response-schemas.ts';

const milliseconds = z.number().min(0);

const TurnUsageEventSchema = z
  .object({
    stepsProposed: count,
    stepsAccepted: count,
    stepsRegenerated: count,
    stepsBase: count,
    stepsDraftOnly: count,
    draftTokens: count,
    baseTokens: count,
    answerTokens: count,
    keptTokens: count,
    judgePrefillTokens: count,
    judgeCalls: count,
    judgeFailures: count,
    draftFailures: count,
    draftPromptTokens: count,
    basePromptTokens: count,
    discardedTokens: count,
    estimated: z.boolean(),
  })
  .openapi('TurnUsageEvent', {
    description: "The turn's accounting as the core keeps it (camelCase; see Usage for the API's)",
  });

const index = count.openapi({ description: 'The step index, from 0' });

const variants = [
  z.object({ type: z.literal('turn-start'), mode: z.string(), pipeline: z.string() }),
  z
    .object({
      type: z.literal('step-proposed'),
      index,
      text: z.string(),
      tokens: count,
      elapsedMs: milliseconds,
    })
    .openapi({ description: 'The draft step the judge is scoring now' }),
  z.object({
    type: z.literal('step-scored'),
    index,
    score: z.number().nullable().openapi({ description: '0–9; null when the judge call failed' }),
    threshold: z.number(),
    elapsedMs: milliseconds,
    failure: CallFailureSchema.optional(),
  }),
  z.object({
    type: z.literal('step-accepted'),
    index,
    text: z.string(),
    tokens: count,
    score: z.number(),
  }),
  z.object({ type: z.literal('step-rejected'), index, score: z.number().nullable() }),
  z
    .object({
      type: z.literal('step-regenerated'),
      index,
      text: z.string(),
      tokens: count,
      elapsedMs: milliseconds,
      draftText: z.string(),
    })
    .openapi({ description: "The base model's rewrite of a rejected draft, kept" }),
  z
    .object({
      type: z.literal('step-generated'),
      index,
      text: z.string(),
      tokens: count,
      origin: StepOriginSchema,
      reason: DirectStepReasonSchema,
      elapsedMs: milliseconds,
    })
    .openapi({ description: 'A step one model wrote without judging, kept' }),
  z.object({ type: z.literal('draft-degraded'), failures: count, failure: CallFailureSchema }),
  z.object({
    type: z.literal('thinking-end'),
    reason: ThinkingStopReasonSchema,
    steps: count,
    keptTokens: count,
  }),
  z.object({ type: z.literal('answer-delta'), text: z.string() }),
  z.object({
    type: z.literal('turn-paused'),
    call: z.string(),
    failure: CallFailureSchema,
    attempt: z.number().int().min(1),
  }),
  z.object({
    type: z.literal('turn-end'),
    status: z.enum(['completed', 'cancelled', 'failed']),
    finishReason: z.enum(['stop', 'length', 'cancelled', 'error']),
    usage: TurnUsageEventSchema,
    failure: CallFailureSchema.optional(),
  }),
] as const;

/** The core event alone, one variant per `type`. */
export const TurnEventSchema = z.discriminatedUnion('type', variants);

const logFields = {
  seq: z.number().int().min(1).openapi({ description: 'Also the SSE `id:`; resume after it' }),
  turn: z.number().int().min(1),
  at: z.number().int().openapi({ description: 'Unix milliseconds when the event was stored' }),
};

/** One SSE `data:` payload of the events stream (its `event:` line repeats `type`). */
export const TurnEventMessageSchema = z
  .object(logFields)
  .and(TurnEventSchema)
  .openapi('TurnEventMessage', {
    description:
      "One event of the turn's log: `seq`, `turn`, `at` and the event. Kept steps arrive as " +
      '`step-accepted`, `step-regenerated` or `step-generated`; a draft is never shown before ' +
      'it is decided; the stream ends after `turn-end`.',
  });

// The schema and the core's type are the same: each is assignable to the other.
type SchemaEvent = z.infer<typeof TurnEventSchema>;
const coreFitsSchema = (event: TurnEvent): SchemaEvent => event;
const schemaFitsCore = (event: SchemaEvent): TurnEvent => event;
void coreFitsSchema;
void schemaFitsCore;
