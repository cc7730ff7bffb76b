/**
 * `POST /v1/chat/completions` and `POST /v1/completions`: validation in the pinned vLLM order
 * (body schema, model, chat template and context length, sampling parameters, then the engine's
 * logprob limit), then `serveGeneration`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type PromptView, parseRawPrompt } from '../chat-template.ts';
import { prepareFlavouredChat } from '../flavours/chat-request.ts';
import { flavouredChatShape } from '../flavours/chat-shape.ts';
import { CLOUDFLARE_NO_ROUTE, flavourError } from '../flavours/errors.ts';
import { parseJson, sendText } from '../http-util.ts';
import { faultFor, resolveSampling, responseIdentity, samplingProblem } from '../request-setup.ts';
import { serveGeneration } from '../serve-generation.ts';
import { resolveModel, type ServedModel, type SimulatorState } from '../state.ts';
import { tokenize } from '../tokenizer.ts';
import { badRequest, notFound, validationError, type WireError } from '../wire/vllm-errors.ts';
import { chatPreprocessingMessage, MAX_LOGPROBS, MESSAGES } from '../wire/vllm-profile.ts';
import {
  type CommonRequest,
  parseChatRequest,
  parseCompletionRequest,
} from '../wire/vllm-requests.ts';
import { chatShape, completionShape, errorText } from './openai-shapes.ts';

function sendError(response: ServerResponse, error: WireError): void {
  sendText(response, error.status, errorText(error.body));
}

function readBodyJson(body: string): { value: unknown } | WireError {
  const parsed = parseJson(body);
  if (parsed !== undefined) return parsed;
  return validationError({
    type: 'json_invalid',
    loc: ['body', 0],
    msg: 'JSON decode error',
    input: {},
    ctx: { error: 'Expecting value' },
  });
}

/** Context length check; `max` is the resolved max tokens or the room left. */
function fitContext(
  model: ServedModel,
  promptTokens: number,
  requested: number | undefined,
  chat: boolean,
) {
  const wrap = (message: string) => badRequest(chat ? chatPreprocessingMessage(message) : message);
  if (requested === undefined) {
    if (promptTokens >= model.maxModelLen)
      return { error: wrap(MESSAGES.contextTooLongNoMax(model.maxModelLen, promptTokens)) };
    return { maxTokens: model.maxModelLen - promptTokens };
  }
  if (promptTokens + requested > model.maxModelLen) {
    return { error: wrap(MESSAGES.contextTooLong(model.maxModelLen, promptTokens, requested)) };
  }
  return { maxTokens: requested };
}

interface Prepared {
  model: ServedModel;
  view: PromptView;
  request: CommonRequest;
  logprobs: number | undefined;
  chat: boolean;
  /** How the flavour's render differs from vLLM's (flavours/chat-request.ts). */
  anomalies?: readonly string[];
}

async function serve(
  state: SimulatorState,
  request: IncomingMessage,
  response: ServerResponse,
  body: string,
  prepared: Prepared,
  route: string,
  makeShape: (identity: {
    id: string;
    created: number;
    model: string;
  }) => Parameters<typeof serveGeneration>[1]['shape'],
) {
  const { model, view, request: common, chat } = prepared;
  const promptIds = tokenize(view.text).map((token) => token.id);
  const fitted = fitContext(model, promptIds.length, common.maxTokens, chat);
  if (fitted.error !== undefined) return sendError(response, fitted.error);
  const sampling = resolveSampling(model, common);
  const problem = samplingProblem(sampling, fitted.maxTokens, common.stop);
  if (problem !== undefined) return sendError(response, badRequest(problem));
  const identity = {
    ...responseIdentity(state, request, chat ? 'chatcmpl-' : 'cmpl-', body, common.seed),
    model: model.name,
  };
  const logprobs = prepared.logprobs;
  await serveGeneration(
    state,
    {
      model,
      route,
      id: identity.id,
      view,
      promptIds,
      sampling,
      maxTokens: fitted.maxTokens,
      stop: common.stop,
      includeStopInOutput: common.includeStopStrInOutput,
      stream: common.stream,
      logprobs,
      engineError:
        logprobs !== undefined && logprobs > MAX_LOGPROBS
          ? badRequest(MESSAGES.tooManyLogprobs(logprobs))
          : undefined,
      cacheSalt: common.cacheSalt,
      skipCacheRead: common.promptLogprobs !== undefined,
      fault: faultFor(state, model, request),
      anomalies: prepared.anomalies ?? [],
      shape: makeShape(identity),
    },
    response,
  );
}

function usageOptions(common: CommonRequest) {
  return {
    include: common.streamOptions?.includeUsage ?? false,
    continuous: common.streamOptions?.continuousUsageStats ?? false,
  };
}

export async function handleChat(
  state: SimulatorState,
  request: IncomingMessage,
  response: ServerResponse,
  body: string,
) {
  const json = readBodyJson(body);
  if ('status' in json) return sendError(response, json);
  const parsed = parseChatRequest(json.value);
  if (!parsed.ok) return sendError(response, validationError(parsed.issue));
  const chat = parsed.request;
  const model = resolveModel(state, chat.model);
  if (model === undefined)
    return sendError(response, notFound(MESSAGES.unknownModel(chat.model ?? '')));
  if (chat.n !== 1) return sendError(response, badRequest(MESSAGES.onlyOneChoice));
  const addGenerationPrompt = chat.addGenerationPrompt ?? true;
  const flavour = state.flavours.get(model.name);
  const flavoured = prepareFlavouredChat(flavour, model.template, {
    messages: chat.messages,
    addGenerationPrompt,
    continueFinalMessage: chat.continueFinalMessage,
    body: json.value as Record<string, unknown>,
  });
  if ('error' in flavoured) return sendText(response, flavoured.error.status, flavoured.error.text);
  const { view, parser } = flavoured;
  const last = chat.messages.at(-1);
  const role = addGenerationPrompt ? 'assistant' : (last?.role ?? 'assistant');
  const echo = chat.echo && last !== undefined && last.role === role ? last.content : '';
  const topLogprobs = chat.logprobs && !ignoresLogprobs(flavour) ? chat.topLogprobs : undefined;
  const plainShape = parser === undefined && flavour.streamInterval === 1;
  await serve(
    state,
    request,
    response,
    body,
    {
      model,
      view,
      request: chat,
      logprobs: topLogprobs,
      chat: true,
      anomalies: flavoured.anomalies,
    },
    '/v1/chat/completions',
    (identity) =>
      plainShape
        ? chatShape(identity, role, echo, usageOptions(chat), topLogprobs)
        : flavouredChatShape(identity, role, usageOptions(chat), topLogprobs, {
            parser,
            field: flavour.reasoningField,
            streamInterval: flavour.streamInterval,
            prompt: view.text,
          }),
  );
}

/** Workers AI's legacy models have no logprobs: the reply comes without them. */
function ignoresLogprobs(flavour: { server: string; workersAiApi: string }): boolean {
  return flavour.server === 'workers-ai' && flavour.workersAiApi === 'legacy';
}

export async function handleCompletion(
  state: SimulatorState,
  request: IncomingMessage,
  response: ServerResponse,
  body: string,
) {
  const json = readBodyJson(body);
  if ('status' in json) return sendError(response, json);
  const parsed = parseCompletionRequest(json.value);
  if (!parsed.ok) return sendError(response, validationError(parsed.issue));
  const completion = parsed.request;
  const model = resolveModel(state, completion.model);
  if (model === undefined)
    return sendError(response, notFound(MESSAGES.unknownModel(completion.model ?? '')));
  // Workers AI's OpenAI-compatible API has chat completions and embeddings, no text completions.
  if (state.flavours.get(model.name).server === 'workers-ai') {
    const missing = flavourError('workers-ai', 404, 'No route for that URI', CLOUDFLARE_NO_ROUTE);
    return sendText(response, missing.status, missing.text);
  }
  if (completion.n !== 1) return sendError(response, badRequest(MESSAGES.onlyOneChoice));
  const view = parseRawPrompt(completion.prompt);
  const echo = completion.echo ? completion.prompt : '';
  await serve(
    state,
    request,
    response,
    body,
    { model, view, request: completion, logprobs: completion.logprobs, chat: false },
    '/v1/completions',
    (identity) => completionShape(identity, echo, usageOptions(completion), completion.logprobs),
  );
}
