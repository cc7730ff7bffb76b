/**
 * The vLLM chat and completions response shapes for `serveGeneration`: first chunk with the role,
 * one chunk per token (empty text while the stop-string hold-back keeps it), the finish on the
 * last token's chunk, the usage chunk when asked, `data: [DONE]`.
 */
import type { PlannedOutput } from '../output-plan.ts';
import type { ResponseShape } from '../serve-generation.ts';
import { dumpJson, STARLETTE_STYLE } from '../wire/python-json.ts';
import { errorResponse, streamingErrorData, type WireError } from '../wire/vllm-errors.ts';
import { chatLogprobs, completionLogprobs, type PositionLogprobs } from '../wire/vllm-logprobs.ts';
import { JSON_CONTENT_TYPE } from '../wire/vllm-profile.ts';
import {
  chatBody,
  chatChunk,
  completionBody,
  completionChunk,
  type ResponseIdentity,
  type Usage,
  usageChunk,
} from '../wire/vllm-responses.ts';

/** Stream usage settings from `stream_options`. */
export interface UsageOptions {
  include: boolean;
  continuous: boolean;
}

const DONE = 'data: [DONE]\n\n';

function faultError(
  kind: '429' | '500' | '503',
  retryAfterSeconds: number,
): { error: WireError; headers: Record<string, string> } {
  if (kind === '429') {
    return {
      error: errorResponse(
        'Too many requests: the server is at capacity. Please retry later.',
        'RateLimitError',
        429,
      ),
      headers: { 'retry-after': String(retryAfterSeconds) },
    };
  }
  if (kind === '503')
    return {
      error: errorResponse(
        'The server is not ready to serve requests.',
        'ServiceUnavailableError',
        503,
      ),
      headers: {},
    };
  return { error: errorResponse('Internal server error', 'InternalServerError', 500), headers: {} };
}

/** A whole chat reply of `message`, finished as `output` is, with logprobs when they were asked for. */
export function wholeChatBody(
  identity: ResponseIdentity,
  message: Parameters<typeof chatBody>[1],
  reply: {
    output: PlannedOutput;
    totals: Usage;
    positions: readonly PositionLogprobs[] | undefined;
    topLogprobs: number | undefined;
  },
): string {
  const { output, totals, positions, topLogprobs } = reply;
  return chatBody(
    identity,
    message,
    positions === undefined || topLogprobs === undefined
      ? null
      : chatLogprobs(positions, topLogprobs),
    output.finishReason,
    output.stopReason,
    totals,
  );
}

/** The chat shape; `echo` is the text a chat `echo` prepends. */
export function chatShape(
  identity: ResponseIdentity,
  role: string,
  echo: string,
  usage: UsageOptions,
  topLogprobs: number | undefined,
): ResponseShape {
  return {
    contentType: JSON_CONTENT_TYPE,
    body: (output, totals, positions) =>
      wholeChatBody(
        identity,
        { role, content: echo + output.text },
        { output, totals, positions, topLogprobs },
      ),
    opening: () => {
      const events = [chatChunk(identity, { role, content: '' }, null)];
      if (echo !== '') events.push(chatChunk(identity, { content: echo }, null));
      return events;
    },
    token: (step, index, output, position, soFar) => {
      const isLast = index === output.steps.length - 1;
      return chatChunk(
        identity,
        { content: step.delta },
        position === undefined || topLogprobs === undefined
          ? null
          : chatLogprobs([position], topLogprobs),
        isLast ? { reason: output.finishReason, stopReason: output.stopReason } : undefined,
        usage.continuous ? soFar : undefined,
      );
    },
    closing: (totals) =>
      usage.include ? [usageChunk(identity, 'chat.completion.chunk', totals)] : [],
    done: DONE,
    fault: faultError,
    inband: streamingErrorData,
    malformed: () =>
      `{"id":"${identity.id}","object":"chat.completion.chunk","created":${identity.created},"choices":[{"index":0,"delta":{"content":`,
  };
}

/** The completions shape; `echo` is the prompt when `echo` is set. */
export function completionShape(
  identity: ResponseIdentity,
  echo: string,
  usage: UsageOptions,
  logprobs: number | undefined,
): ResponseShape {
  // vLLM's running offset counts streamed output text only (not an echoed prompt).
  let sentLength = 0;
  return {
    contentType: JSON_CONTENT_TYPE,
    body: (output, totals, positions) =>
      completionBody(
        identity,
        echo + output.text,
        positions === undefined || logprobs === undefined
          ? null
          : completionLogprobs(positions, logprobs, 0),
        output.finishReason,
        output.stopReason,
        totals,
      ),
    opening: () => [],
    token: (step, index, output, position, soFar) => {
      const isLast = index === output.steps.length - 1;
      const text = (index === 0 ? echo : '') + step.delta;
      const event = completionChunk(
        identity,
        text,
        position === undefined || logprobs === undefined
          ? null
          : completionLogprobs([position], logprobs, sentLength),
        isLast ? { reason: output.finishReason, stopReason: output.stopReason } : undefined,
        usage.continuous ? { ...soFar, cachedTokens: undefined } : undefined,
      );
      sentLength += [...step.delta].length;
      return event;
    },
    closing: (totals) => (usage.include ? [usageChunk(identity, 'text_completion', totals)] : []),
    done: DONE,
    fault: faultError,
    inband: streamingErrorData,
    malformed: () =>
      `{"id":"${identity.id}","object":"text_completion","created":${identity.created},"choices":[{"index":0,"text":`,
  };
}

/** A complete JSON error response body. */
export const errorText = (body: Parameters<typeof dumpJson>[0]): string =>
  dumpJson(body, STARLETTE_STYLE);
