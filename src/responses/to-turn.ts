/**
 * From a validated Responses request to a turn and the record its response keeps: input items
 * become chat messages and go through the chat completions mapping (so both APIs validate and
 * resolve alike), with errors renamed to the Responses parameters. Features that would change
 * the result and that we do not have (tools, images, files, structured output ...) are a 400
 * naming the parameter.
 */
import type { AppConfig } from '../app-config.ts';
import { ApiError, badRequest } from '../openai/errors.ts';
import type { ChatMessageInput } from '../openai/schemas.ts';
import { type TurnRequest, toTurnRequest } from '../openai/to-core.ts';
import { EFFORT_PRESETS } from './effort.ts';
import type { ResponseRecord } from './record.ts';
import {
  type CreateResponseRequest,
  type InputItem,
  REASONING_EFFORTS,
  type ReasoningEffort,
} from './request-schema.ts';

const unsupported = (param: string, what: string) =>
  badRequest(`${what} is not supported by this API`, param, 'unsupported_parameter');

const neutral = (value: unknown, ...allowed: unknown[]) =>
  value === undefined || value === null || allowed.includes(value);

function rejectUnsupported(body: CreateResponseRequest): void {
  if (!neutral(body.tools) && (body.tools?.length ?? 0) > 0) throw unsupported('tools', 'Tools');
  if (!neutral(body.tool_choice, 'none', 'auto')) throw unsupported('tool_choice', 'tool_choice');
  if ((body.include?.length ?? 0) > 0) throw unsupported('include', 'include');
  if (!neutral(body.truncation, 'disabled'))
    throw unsupported('truncation', 'truncation other than "disabled"');
  if (!neutral(body.top_logprobs, 0)) throw unsupported('top_logprobs', 'Log probabilities');
  if (!neutral(body.presence_penalty, 0)) throw unsupported('presence_penalty', 'presence_penalty');
  if (!neutral(body.frequency_penalty, 0))
    throw unsupported('frequency_penalty', 'frequency_penalty');
  if (!neutral(body.conversation)) throw unsupported('conversation', 'The conversations API');
  if (!neutral(body.prompt)) throw unsupported('prompt', 'Prompt templates');
  if (body.text !== undefined && body.text !== null) {
    const text = body.text as Record<string, unknown>;
    for (const [key, value] of Object.entries(typeof text === 'object' ? text : { '': text })) {
      const format = value as { type?: unknown } | null | undefined;
      if (key === 'format' && (format === null || format?.type === 'text')) continue;
      if (key === 'verbosity' && neutral(value, 'medium')) continue;
      throw unsupported(key === '' ? 'text' : `text.${key}`, 'Output formats other than text');
    }
  }
  if (body.background === true && body.store === false) {
    throw badRequest('A background response must be stored: omit store or set it to true', 'store');
  }
}

function effortOf(body: CreateResponseRequest): ReasoningEffort | null {
  const effort = body.reasoning?.effort;
  if (effort === undefined || effort === null) return null;
  if (!(REASONING_EFFORTS as readonly string[]).includes(effort)) {
    throw badRequest(
      `reasoning.effort '${effort}' is not supported; use low, medium or high`,
      'reasoning.effort',
    );
  }
  return effort as ReasoningEffort;
}

type Role = ChatMessageInput['role'];
const ROLES: readonly Role[] = ['user', 'assistant', 'system', 'developer'];

/** One input item as a chat message (undefined: an earlier reasoning item, not sent on). */
function itemMessage(item: InputItem, position: number): ChatMessageInput | undefined {
  const where = `input[${position}]`;
  const type = item.type ?? 'message';
  if (type === 'reasoning') return undefined;
  if (type !== 'message') throw unsupported(`${where}.type`, `Input items of type '${type}'`);
  const role = item.role as Role;
  if (!ROLES.includes(role)) {
    throw badRequest(`role must be user, assistant, system or developer`, `${where}.role`);
  }
  const content = item.content;
  if (content === undefined) {
    throw badRequest(`Missing required parameter: '${where}.content'.`, `${where}.content`);
  }
  if (typeof content === 'string') return { role, content };
  const parts = content.map((part, index) => {
    if ((part.type !== 'input_text' && part.type !== 'output_text') || part.text === undefined) {
      throw unsupported(`${where}.content[${index}]`, `Content of type '${part.type}' (text only)`);
    }
    return { type: 'text' as const, text: part.text };
  });
  if (parts.length === 0) throw badRequest('content must not be empty', `${where}.content`);
  return { role, content: parts };
}

export interface ResponseTurn {
  turn: TurnRequest;
  /** What the response keeps beside its turn. */
  record: ResponseRecord;
}

export function toResponseTurn(
  body: CreateResponseRequest,
  config: AppConfig,
  randomSeed: number,
): ResponseTurn {
  rejectUnsupported(body);
  const effort = effortOf(body);
  const items: InputItem[] =
    typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : body.input;
  const positions: number[] = [];
  const messages: ChatMessageInput[] = [];
  items.forEach((item, position) => {
    const message = itemMessage(item, position);
    if (message === undefined) return;
    messages.push(message);
    positions.push(position);
  });
  const previousResponseId = body.previous_response_id ?? null;
  if (previousResponseId !== null) {
    if (body.instructions !== undefined && body.instructions !== null) {
      throw badRequest(
        'instructions apply to a whole conversation here: set them on its first response only',
        'instructions',
      );
    }
    if (messages.length !== 1 || messages[0]?.role !== 'user') {
      throw badRequest(
        'With previous_response_id, input is the one new user message (earlier turns come from the conversation)',
        'input',
      );
    }
  }
  const offset = body.instructions ? 1 : 0;
  const chatMessages: ChatMessageInput[] = body.instructions
    ? [{ role: 'system', content: body.instructions }, ...messages]
    : messages;
  const preset = effort === null ? {} : EFFORT_PRESETS[effort];
  let turn: TurnRequest;
  try {
    turn = toTurnRequest(
      {
        model: body.model ?? config.publicModel,
        messages: chatMessages,
        max_completion_tokens: body.max_output_tokens,
        temperature: body.temperature,
        top_p: body.top_p,
        specreason: { ...preset, ...body.specreason },
      },
      config,
      randomSeed,
    );
  } catch (error) {
    throw renamed(error, offset, positions);
  }
  const record: ResponseRecord = {
    kind: 'response',
    createdAt: Date.now(),
    model: config.publicModel,
    background: body.background === true,
    store: body.store !== false,
    instructions: body.instructions ?? null,
    previousResponseId,
    maxOutputTokens: body.max_output_tokens ?? null,
    reasoningEffort: effort,
    reasoningSummary: body.reasoning?.summary ?? body.reasoning?.generate_summary ?? null,
    metadata: body.metadata ?? {},
    user: body.user ?? null,
    safetyIdentifier: body.safety_identifier ?? null,
    promptCacheKey: body.prompt_cache_key ?? null,
    serviceTier: 'default',
    parallelToolCalls: body.parallel_tool_calls ?? true,
    maxToolCalls: body.max_tool_calls ?? null,
    input: messages.map(inputMessage),
  };
  return { turn, record };
}

/** A message as input_items lists it (its id is derived when listed). */
function inputMessage(message: ChatMessageInput): ResponseRecord['input'][number] {
  const texts =
    typeof message.content === 'string'
      ? [message.content]
      : (message.content ?? []).map((part) => part.text);
  return {
    type: 'message',
    status: 'completed',
    role: message.role,
    content: texts.map((text) =>
      message.role === 'assistant'
        ? { type: 'output_text' as const, text, annotations: [] }
        : { type: 'input_text' as const, text },
    ),
  };
}

/** A chat-mapping error with its `messages[k]` parameter named as the Responses input. */
function renamed(error: unknown, offset: number, positions: readonly number[]): unknown {
  if (!(error instanceof ApiError) || error.param === null) return error;
  const match = /^messages(?:\[(\d+)\])?(.*)$/.exec(error.param);
  if (match === null) return error;
  let param = 'input';
  if (match[1] !== undefined) {
    const index = Number(match[1]);
    param = index < offset ? 'instructions' : `input[${positions[index - offset] ?? 0}]${match[2]}`;
  }
  return new ApiError({
    status: error.status,
    type: error.type,
    message: error.message.replaceAll('messages', 'input messages'),
    param,
    code: error.code,
  });
}
