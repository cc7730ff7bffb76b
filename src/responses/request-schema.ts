/**
 * The request body of POST /v1/responses, after the Open Responses specification (version
 * 2026-04-24, `CreateResponseBody`), with the `specreason` extension object of chat
 * completions. Parameters we cannot honour are listed so that a value which would change the
 * result is a 400 naming it (see responses/to-turn.ts); neutral values (`tools: []`,
 * `tool_choice: "auto"`, `text.format.type: "text"` ...) are accepted. Path and query schemas
 * of the response routes live here too.
 */
import { z } from '@hono/zod-openapi';
import { SpecReasonOptionsSchema } from '../openai/schemas.ts';

/** A content part of an input message: text parts are read, any other type is refused by name. */
const InputContentPartSchema = z
  .looseObject({
    type: z.string().openapi({ description: '`input_text` (or `output_text` for assistant)' }),
    text: z.string().optional(),
  })
  .openapi('ResponseInputContentPart');

/** An input item: a message (any other item type is refused with a 400 naming it). */
export const InputItemSchema = z
  .looseObject({
    type: z.string().optional().openapi({ description: '`message` (the default)' }),
    id: z.string().nullish(),
    role: z.string().optional().openapi({ description: 'user, assistant, system or developer' }),
    content: z.union([z.string(), z.array(InputContentPartSchema)]).optional(),
    status: z.string().nullish(),
  })
  .openapi('ResponseInputItem');

export type InputItem = z.infer<typeof InputItemSchema>;

export const REASONING_EFFORTS = ['low', 'medium', 'high'] as const;
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];

export const CreateResponseRequestSchema = z
  .object({
    model: z.string().min(1).nullish().openapi({ example: 'specreason' }),
    input: z
      .union([z.string(), z.array(InputItemSchema).min(1)])
      .openapi({ description: 'A user message, or message items (text content only)' }),
    instructions: z.string().nullish().openapi({
      description: 'The system prompt; only on the first response of a conversation',
    }),
    previous_response_id: z.string().nullish().openapi({
      description:
        "Continue that response's conversation (it must be the conversation's latest response)",
    }),
    stream: z.boolean().nullish(),
    stream_options: z.object({ include_obfuscation: z.boolean().optional() }).strict().nullish(),
    background: z.boolean().nullish().openapi({
      description: 'Answer at once (status queued); the turn runs on without a client',
    }),
    store: z.boolean().nullish().openapi({
      description: 'false: the response cannot be retrieved, chained or streamed again',
    }),
    max_output_tokens: z.number().int().min(16).max(131_072).nullish().openapi({
      description: 'Bound on the final answer, in tokens (reasoning is bounded by its budget)',
    }),
    temperature: z.number().min(0).max(2).nullish(),
    top_p: z.number().gt(0).max(1).nullish(),
    reasoning: z
      .object({
        effort: z.string().nullish().openapi({
          description:
            'low / medium / high: presets of token_budget and threshold (README); `specreason` overrides them',
        }),
        summary: z.enum(['auto', 'concise', 'detailed']).nullish().openapi({
          description: 'Accepted: the summary always holds the kept steps, one part each',
        }),
        generate_summary: z.enum(['auto', 'concise', 'detailed']).nullish(),
      })
      .strict()
      .nullish(),
    metadata: z.record(z.string().max(64), z.string().max(512)).nullish(),
    specreason: SpecReasonOptionsSchema.optional(),
    // Echoed, never used to produce the answer.
    user: z.string().nullish(),
    safety_identifier: z.string().max(64).nullish(),
    prompt_cache_key: z.string().max(64).nullish(),
    service_tier: z.string().nullish(),
    parallel_tool_calls: z.boolean().nullish(),
    max_tool_calls: z.number().int().min(1).nullish(),
    // Accepted only with their neutral value (to-turn.ts says which).
    tools: z.array(z.unknown()).nullish(),
    tool_choice: z.unknown().optional(),
    text: z.unknown().optional(),
    include: z.array(z.string()).nullish(),
    truncation: z.string().nullish(),
    top_logprobs: z.number().int().nullish(),
    presence_penalty: z.number().nullish(),
    frequency_penalty: z.number().nullish(),
    conversation: z.unknown().optional(),
    prompt: z.unknown().optional(),
  })
  .strict()
  .openapi('CreateResponseRequest');

export type CreateResponseRequest = z.infer<typeof CreateResponseRequestSchema>;

export const ResponsePathSchema = z.object({
  response_id: z.string().min(1).max(200).openapi({ example: 'resp_Y29udl8xMjMuMQ' }),
});

export const RetrieveQuerySchema = z.object({
  stream: z.enum(['true', 'false']).optional().openapi({
    description: 'true: stream the response events (SSE) from the start or `starting_after`',
  }),
  starting_after: z.coerce.number().int().min(-1).optional().openapi({
    description: 'Send only events with a larger sequence_number',
  }),
  include_obfuscation: z.enum(['true', 'false']).optional(),
});

export const InputItemsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  after: z.string().max(300).optional(),
  before: z.string().max(300).optional(),
});
