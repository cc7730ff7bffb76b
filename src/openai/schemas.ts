/**
 * Request schemas of the public API. The same schemas validate requests and describe them in
 * /openapi.json. Wire names are the OpenAI ones (snake_case); the SpecReason knobs live in the
 * `specreason` extension object and are strict: an unknown knob is a 400.
 */
import { z } from '@hono/zod-openapi';

export const CONVERSATION_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

const ConversationId = z
  .string()
  .regex(CONVERSATION_ID_PATTERN, 'must be 1–64 letters, digits, "_" or "-"')
  .openapi({ example: 'conv_4f9c2a1b' });

const TextPart = z.object({ type: z.literal('text'), text: z.string() }).strict();

const ChatMessageSchema = z
  .object({
    role: z.enum(['system', 'developer', 'user', 'assistant']),
    content: z.union([z.string(), z.array(TextPart).min(1)]).nullable(),
    name: z.string().optional(),
    reasoning_content: z.string().nullish(),
    reasoning: z.string().nullish(),
  })
  .strict()
  .openapi('ChatMessage');

export const SpecReasonOptionsSchema = z
  .object({
    mode: z.enum(['speculative', 'base', 'draft']).optional().openapi({
      description: 'speculative (default): draft, judge, regenerate; base / draft: one model alone',
    }),
    threshold: z.number().min(0).max(9).optional().openapi({
      description: 'Accept a draft step when the judge scores it at least this (0–9; default 7)',
    }),
    score_method: z.enum(['greedy', 'average']).optional(),
    first_n_base_steps: z.number().int().min(0).max(10_000).optional(),
    token_budget: z.number().int().min(1).max(1_000_000).optional(),
    max_step_tokens: z.number().int().min(1).max(32_768).optional(),
    prompt_template: z.enum(['math', 'multiple-choice', 'generic', 'none']).optional(),
    choices: z
      .object({ A: z.string(), B: z.string(), C: z.string(), D: z.string() })
      .strict()
      .optional(),
    pipeline: z.enum(['off', 'draft-ahead', 'hedged']).optional(),
    semantics: z
      .enum(['product', 'reference'])
      .optional()
      .openapi({
        description:
          "product (default) or reference: the reference implementation's exact semantics for " +
          'paper comparisons (no seed, its scoring rules, the judge reads the raw step); see the ' +
          'README, "Where SpecReason Edge differs from the reference"',
      }),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .optional(),
  })
  .strict()
  .openapi('SpecReasonOptions');

export type SpecReasonOptions = z.infer<typeof SpecReasonOptionsSchema>;

/** OpenAI parameters that would change the contract and that we do not support. */
export const UNSUPPORTED_PARAMETERS = [
  'tools',
  'tool_choice',
  'functions',
  'function_call',
  'response_format',
  'logprobs',
  'top_logprobs',
  'stop',
  'audio',
  'modalities',
  'prediction',
] as const;

export const ChatCompletionRequestSchema = z
  .object({
    model: z.string().min(1),
    messages: z.array(ChatMessageSchema).min(1),
    stream: z.boolean().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).strict().nullish(),
    max_tokens: z.number().int().min(1).max(131_072).nullish().openapi({
      description: 'Bound on the final answer, in tokens (reasoning is bounded by token_budget)',
    }),
    max_completion_tokens: z.number().int().min(1).max(131_072).nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    top_p: z.number().gt(0).max(1).nullish(),
    seed: z.number().int().nullish(),
    n: z.literal(1).nullish(),
    conversation_id: ConversationId.optional().openapi({
      description: 'Continue this conversation (its earlier answers become history)',
    }),
    specreason: SpecReasonOptionsSchema.optional(),
    // Accepted and ignored: they do not change how the reasoning is produced.
    user: z.unknown().optional(),
    metadata: z.unknown().optional(),
    store: z.unknown().optional(),
    service_tier: z.unknown().optional(),
    frequency_penalty: z.unknown().optional(),
    presence_penalty: z.unknown().optional(),
    logit_bias: z.unknown().optional(),
    parallel_tool_calls: z.unknown().optional(),
    reasoning_effort: z.unknown().optional(),
  })
  .strict()
  .openapi('ChatCompletionRequest');

export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequestSchema>;
export type ChatMessageInput = z.infer<typeof ChatMessageSchema>;

export const TurnPathSchema = z.object({
  conversation: ConversationId,
  turn: z.coerce.number().int().min(1).openapi({ example: 1 }),
});

export const ConversationPathSchema = z.object({ conversation: ConversationId });
