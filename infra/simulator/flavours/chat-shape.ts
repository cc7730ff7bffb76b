/**
 * The vLLM chat shape as a flavoured server streams it: tokens grouped `streamInterval` to a
 * chunk (vLLM `--stream-interval`; server-side speculative decoding lands several tokens in one
 * chunk the same way), and, with a reasoning parser, each chunk's text routed between `content`
 * and the reasoning field (a chunk may carry both; a chunk holding only `</think>` is dropped).
 * Everything else (first chunk, usage, errors) is the plain chat shape's.
 */
import type { UsageOptions } from '../routes/openai-shapes.ts';
import { chatShape, wholeChatBody } from '../routes/openai-shapes.ts';
import type { ResponseShape } from '../serve-generation.ts';
import { chatLogprobs, type PositionLogprobs } from '../wire/vllm-logprobs.ts';
import { chatChunk, type ResponseIdentity } from '../wire/vllm-responses.ts';
import type { ReasoningField, ReasoningParser } from './flavour.ts';
import { createReasoningRouter, splitWholeOutput } from './reasoning-router.ts';

export interface FlavouredChatOptions {
  /** Absent: all text stays in `content`. */
  parser: ReasoningParser | undefined;
  field: ReasoningField;
  streamInterval: number;
  /** The rendered prompt: a prompt that already closed thinking makes every token content. */
  prompt: string;
}

export function flavouredChatShape(
  identity: ResponseIdentity,
  role: string,
  usage: UsageOptions,
  topLogprobs: number | undefined,
  options: FlavouredChatOptions,
): ResponseShape {
  const plain = chatShape(identity, role, '', usage, topLogprobs);
  const route =
    options.parser === undefined
      ? undefined
      : createReasoningRouter(options.parser, options.prompt);
  let pendingText = '';
  let pendingPositions: PositionLogprobs[] = [];
  let pendingTokens = 0;
  return {
    ...plain,
    // Without a parser a whole reply is the plain shape's; only streaming groups tokens.
    body:
      options.parser === undefined
        ? plain.body
        : (output, totals, positions) => {
            const [reasoning, content] = splitWholeOutput(options.prompt, output.text);
            return wholeChatBody(
              identity,
              { role, content, reasoning: { field: options.field, text: reasoning } },
              { output, totals, positions, topLogprobs },
            );
          },
    token: (step, index, output, position, soFar) => {
      pendingText += step.delta;
      pendingTokens += 1;
      if (position !== undefined) pendingPositions.push(position);
      const isLast = index === output.steps.length - 1;
      if (pendingTokens < options.streamInterval && !isLast) return undefined;
      const text = pendingText;
      const positions = pendingPositions;
      pendingText = '';
      pendingPositions = [];
      pendingTokens = 0;
      const finish = isLast
        ? { reason: output.finishReason, stopReason: output.stopReason }
        : undefined;
      const logprobs =
        positions.length === 0 || topLogprobs === undefined
          ? null
          : chatLogprobs(positions, topLogprobs);
      const routed = route === undefined ? { content: text } : route(text);
      // A dropped delta still carries the finish reason when it was the last one.
      if (routed === undefined && finish === undefined) return undefined;
      const delta =
        routed === undefined
          ? { content: '' }
          : {
              content: routed.content,
              reasoning:
                routed.reasoning === undefined
                  ? undefined
                  : { field: options.field, text: routed.reasoning },
            };
      return chatChunk(identity, delta, logprobs, finish, usage.continuous ? soFar : undefined);
    },
  };
}
