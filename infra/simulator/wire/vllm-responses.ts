/**
 * Response bodies and stream chunks of the pinned vLLM version, field for field and in pydantic
 * field order. Chat chunks are `exclude_unset` (explicit nulls kept, unset fields absent);
 * completion chunks carry every field; the usage chunk drops nulls and has `choices: []`.
 */
import { dumpJson, PYDANTIC_STYLE, type PyJson, STARLETTE_STYLE } from './python-json.ts';

/** Token counts for `usage`. */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  /** Only reported with `--enable-prompt-tokens-details` and when above zero. */
  cachedTokens: number | undefined;
}

/** Text a server's reasoning parser moved out of `content`, and the field it names (flavours/). */
export interface Reasoning {
  field: 'reasoning' | 'reasoning_content';
  text: string | null;
}

/** Identity of one response. */
export interface ResponseIdentity {
  id: string;
  created: number;
  model: string;
}

function usageJson(usage: Usage, dropNull: boolean): PyJson {
  const details = usage.cachedTokens
    ? { cached_tokens: usage.cachedTokens }
    : dropNull
      ? undefined
      : null;
  return {
    prompt_tokens: usage.promptTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
    completion_tokens: usage.completionTokens,
    prompt_tokens_details: details,
  };
}

/** `ChatCompletionResponse` as Starlette writes it. */
export function chatBody(
  identity: ResponseIdentity,
  message: { role: string; content: string | null; reasoning?: Reasoning | undefined },
  logprobs: PyJson,
  finishReason: string,
  stopReason: string | null,
  usage: Usage,
): string {
  return dumpJson(
    {
      id: identity.id,
      object: 'chat.completion',
      created: identity.created,
      model: identity.model,
      choices: [
        {
          index: 0,
          message: {
            role: message.role,
            content: message.content,
            refusal: null,
            annotations: null,
            audio: null,
            function_call: null,
            tool_calls: [],
            reasoning_content: null,
            ...(message.reasoning === undefined
              ? {}
              : { [message.reasoning.field]: message.reasoning.text }),
          },
          logprobs,
          finish_reason: finishReason,
          stop_reason: stopReason,
        },
      ],
      service_tier: null,
      system_fingerprint: null,
      usage: usageJson(usage, false),
      prompt_logprobs: null,
      kv_transfer_params: null,
    },
    STARLETTE_STYLE,
  );
}

/** One `chat.completion.chunk` choice; `finish` present only on the last token's chunk. */
export function chatChunk(
  identity: ResponseIdentity,
  delta: { role?: string; content?: string | null; reasoning?: Reasoning | undefined },
  logprobs: PyJson,
  finish?: { reason: string; stopReason: string | null },
  continuousUsage?: Usage,
): string {
  return dumpJson(
    {
      id: identity.id,
      object: 'chat.completion.chunk',
      created: identity.created,
      model: identity.model,
      choices: [
        {
          index: 0,
          delta: {
            role: delta.role,
            content: delta.content,
            ...(delta.reasoning === undefined
              ? {}
              : { [delta.reasoning.field]: delta.reasoning.text }),
          },
          logprobs,
          finish_reason: finish?.reason ?? null,
          stop_reason: finish === undefined ? undefined : finish.stopReason,
        },
      ],
      usage:
        continuousUsage === undefined
          ? undefined
          : usageJson({ ...continuousUsage, cachedTokens: undefined }, true),
    },
    PYDANTIC_STYLE,
  );
}

/** The final usage chunk (`choices: []`, nulls dropped). */
export function usageChunk(identity: ResponseIdentity, object: string, usage: Usage): string {
  return dumpJson(
    {
      id: identity.id,
      object,
      created: identity.created,
      model: identity.model,
      choices: [],
      usage: usageJson(usage, true),
    },
    PYDANTIC_STYLE,
  );
}

/** `CompletionResponse` as Starlette writes it. */
export function completionBody(
  identity: ResponseIdentity,
  text: string,
  logprobs: PyJson,
  finishReason: string,
  stopReason: string | null,
  usage: Usage,
): string {
  return dumpJson(
    {
      id: identity.id,
      object: 'text_completion',
      created: identity.created,
      model: identity.model,
      choices: [
        {
          index: 0,
          text,
          logprobs,
          finish_reason: finishReason,
          stop_reason: stopReason,
          prompt_logprobs: null,
        },
      ],
      service_tier: null,
      system_fingerprint: null,
      usage: usageJson(usage, false),
      kv_transfer_params: null,
    },
    STARLETTE_STYLE,
  );
}

/** One `text_completion` stream chunk (every field present, `usage` null unless continuous). */
export function completionChunk(
  identity: ResponseIdentity,
  text: string,
  logprobs: PyJson,
  finish: { reason: string; stopReason: string | null } | undefined,
  continuousUsage?: Usage,
): string {
  return dumpJson(
    {
      id: identity.id,
      object: 'text_completion',
      created: identity.created,
      model: identity.model,
      choices: [
        {
          index: 0,
          text,
          logprobs,
          finish_reason: finish?.reason ?? null,
          stop_reason: finish?.stopReason ?? null,
        },
      ],
      usage: continuousUsage === undefined ? null : usageJson(continuousUsage, false),
    },
    PYDANTIC_STYLE,
  );
}
