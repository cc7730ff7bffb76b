/**
 * Request bodies of the pinned vLLM version: the field types pydantic checks and the model
 * validators that run before them, reduced to the fields the simulator acts on. The result is
 * a typed request or the first validation issue (which becomes a 400 "Bad Request").
 */
import type { ChatMessage } from '../chat-template.ts';
import { type ValidationIssue, valueErrorIssue } from './vllm-errors.ts';
import { COMPLETIONS_DEFAULT_MAX_TOKENS, MESSAGES } from './vllm-profile.ts';

/** Fields both endpoints share. */
export interface CommonRequest {
  model: string | undefined;
  stream: boolean;
  streamOptions: { includeUsage: boolean; continuousUsageStats: boolean } | undefined;
  temperature: number | undefined;
  topP: number | undefined;
  topK: number | undefined;
  maxTokens: number | undefined;
  seed: number | undefined;
  stop: string[];
  includeStopStrInOutput: boolean;
  echo: boolean;
  n: number;
  cacheSalt: string | undefined;
  promptLogprobs: number | undefined;
}

export interface ChatRequest extends CommonRequest {
  messages: ChatMessage[];
  logprobs: boolean;
  topLogprobs: number;
  /** `undefined` when the request left it out (the default, true, then applies). */
  addGenerationPrompt: boolean | undefined;
  continueFinalMessage: boolean;
}

export interface CompletionRequest extends CommonRequest {
  prompt: string;
  /** Alternatives per token (0 = sampled token only); `undefined` = no logprobs. */
  logprobs: number | undefined;
}

export type Parsed<T> = { ok: true; request: T } | { ok: false; issue: ValidationIssue };

type Body = Record<string, unknown>;

class Invalid extends Error {
  readonly issue: ValidationIssue;
  constructor(issue: ValidationIssue) {
    super(issue.msg);
    this.issue = issue;
  }
}

function typeIssue(field: string, type: string, msg: string, input: unknown): Invalid {
  return new Invalid({ type, loc: ['body', field], msg, input });
}

function optionalNumber(body: Body, field: string, integer: boolean): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || (integer && !Number.isInteger(value))) {
    throw integer
      ? typeIssue(field, 'int_type', 'Input should be a valid integer', value)
      : typeIssue(field, 'float_type', 'Input should be a valid number', value);
  }
  return value;
}

function optionalBoolean(body: Body, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean')
    throw typeIssue(field, 'bool_type', 'Input should be a valid boolean', value);
  return value;
}

function stopList(body: Body): string[] {
  const value = body.stop;
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
    return value as string[];
  throw typeIssue('stop', 'string_type', 'Input should be a valid string', value);
}

function common(body: Body): CommonRequest {
  if (body.stream_options && !body.stream)
    throw new Invalid(valueErrorIssue(MESSAGES.streamOptionsWithoutStream, body));
  const options = body.stream_options as Body | undefined | null;
  const model = body.model;
  if (model !== undefined && model !== null && typeof model !== 'string') {
    throw typeIssue('model', 'string_type', 'Input should be a valid string', model);
  }
  return {
    model: (model ?? undefined) as string | undefined,
    stream: optionalBoolean(body, 'stream') ?? false,
    streamOptions:
      options === undefined || options === null
        ? undefined
        : {
            includeUsage: options.include_usage !== false,
            continuousUsageStats: options.continuous_usage_stats === true,
          },
    temperature: optionalNumber(body, 'temperature', false),
    topP: optionalNumber(body, 'top_p', false),
    topK: optionalNumber(body, 'top_k', true),
    maxTokens: undefined,
    seed: optionalNumber(body, 'seed', true),
    stop: stopList(body),
    includeStopStrInOutput: optionalBoolean(body, 'include_stop_str_in_output') ?? false,
    echo: optionalBoolean(body, 'echo') ?? false,
    n: optionalNumber(body, 'n', true) ?? 1,
    cacheSalt: typeof body.cache_salt === 'string' ? body.cache_salt : undefined,
    promptLogprobs: optionalNumber(body, 'prompt_logprobs', true),
  };
}

function messageContent(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) =>
        typeof part === 'object' && part !== null ? String((part as Body).text ?? '') : '',
      )
      .join('\n');
  }
  return '';
}

/** Validates a `/v1/chat/completions` body. */
export function parseChatRequest(value: unknown): Parsed<ChatRequest> {
  return guard(() => {
    const body = asBody(value);
    if (body.continue_final_message && body.add_generation_prompt) {
      throw new Invalid(valueErrorIssue(MESSAGES.bothPromptFlags, body));
    }
    const topLogprobs = optionalNumber(body, 'top_logprobs', true);
    if (topLogprobs !== undefined && topLogprobs < 0)
      throw new Invalid(valueErrorIssue(MESSAGES.negativeTopLogprobs, body));
    if (topLogprobs !== undefined && topLogprobs > 0 && !body.logprobs) {
      throw new Invalid(valueErrorIssue(MESSAGES.topLogprobsWithoutLogprobs, body));
    }
    const messages = body.messages;
    if (messages === undefined)
      throw new Invalid({
        type: 'missing',
        loc: ['body', 'messages'],
        msg: 'Field required',
        input: body,
      });
    if (!Array.isArray(messages))
      throw typeIssue('messages', 'list_type', 'Input should be a valid list', messages);
    const base = common(body);
    const maxCompletion = optionalNumber(body, 'max_completion_tokens', true);
    return {
      ...base,
      maxTokens: maxCompletion ?? optionalNumber(body, 'max_tokens', true),
      messages: messages.map((message) => {
        const item = (message ?? {}) as Body;
        return { role: String(item.role ?? 'user'), content: messageContent(item.content) };
      }),
      logprobs: optionalBoolean(body, 'logprobs') ?? false,
      topLogprobs: topLogprobs ?? 0,
      addGenerationPrompt: optionalBoolean(body, 'add_generation_prompt'),
      continueFinalMessage: optionalBoolean(body, 'continue_final_message') ?? false,
    };
  });
}

/** Validates a `/v1/completions` body (text prompts: a string or a list of one string). */
export function parseCompletionRequest(value: unknown): Parsed<CompletionRequest> {
  return guard(() => {
    const body = asBody(value);
    const logprobs = optionalNumber(body, 'logprobs', true);
    if (logprobs !== undefined && logprobs < 0)
      throw new Invalid(valueErrorIssue(MESSAGES.negativeLogprobs, body));
    if (body.prompt === undefined || body.prompt === null)
      throw new Invalid(valueErrorIssue(MESSAGES.promptMissing, body));
    const prompt =
      Array.isArray(body.prompt) && body.prompt.length === 1 ? body.prompt[0] : body.prompt;
    if (typeof prompt !== 'string') {
      throw typeIssue(
        'prompt',
        'string_type',
        'The simulator accepts one text prompt',
        body.prompt,
      );
    }
    // Omitted means the field default (16); an explicit null means "up to the context length".
    const maxTokens =
      body.max_tokens === undefined
        ? COMPLETIONS_DEFAULT_MAX_TOKENS
        : optionalNumber(body, 'max_tokens', true);
    return { ...common(body), maxTokens, prompt, logprobs };
  });
}

function asBody(value: unknown): Body {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Invalid({
      type: 'model_attributes_type',
      loc: ['body'],
      msg: 'Input should be a valid dictionary or object to extract fields from',
      input: value,
    });
  }
  return value as Body;
}

function guard<T>(build: () => T): Parsed<T> {
  try {
    return { ok: true, request: build() };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, issue: error.issue };
    throw error;
  }
}
