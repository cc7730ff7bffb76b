/**
 * vLLM's informational routes: `GET /v1/models` (one card per served model), `GET /health` (200,
 * empty body) and `POST /tokenize` (a text prompt, or chat messages rendered with
 * the model's template).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { renderChat, TemplateError } from '../chat-template.ts';
import { parseJson, sendText } from '../http-util.ts';
import { hexId } from '../rng.ts';
import { resolveModel, type SimulatorState } from '../state.ts';
import { tokenize } from '../tokenizer.ts';
import { dumpJson, STARLETTE_STYLE } from '../wire/python-json.ts';
import { badRequest, notFound, validationError } from '../wire/vllm-errors.ts';
import { DETERMINISTIC_CREATED, MESSAGES, SERVER_HEADER } from '../wire/vllm-profile.ts';
import { parseChatRequest } from '../wire/vllm-requests.ts';

const json = (response: ServerResponse, status: number, body: Parameters<typeof dumpJson>[0]) =>
  sendText(response, status, dumpJson(body, STARLETTE_STYLE));

export function handleModels(state: SimulatorState, response: ServerResponse): void {
  const created = state.config.deterministic
    ? DETERMINISTIC_CREATED
    : Math.floor(Date.now() / 1000);
  const data = [...state.models.values()].map((model) => ({
    id: model.name,
    object: 'model',
    created,
    owned_by: 'vllm',
    root: model.runtime.profile.modelName,
    parent: null,
    max_model_len: model.maxModelLen,
    permission: [
      {
        id: `modelperm-${state.config.deterministic ? hexId('permission', model.name) : hexId('permission', model.name, Date.now(), Math.random())}`,
        object: 'model_permission',
        created,
        allow_create_engine: false,
        allow_sampling: true,
        allow_logprobs: true,
        allow_search_indices: false,
        allow_view: true,
        allow_fine_tuning: false,
        organization: '*',
        group: null,
        is_blocking: false,
      },
    ],
  }));
  json(response, 200, { object: 'list', data });
}

export function handleHealth(response: ServerResponse): void {
  response.writeHead(200, { server: SERVER_HEADER, 'content-length': '0' });
  response.end();
}

export function handleTokenize(
  state: SimulatorState,
  _request: IncomingMessage,
  response: ServerResponse,
  body: string,
) {
  const parsed = parseJson(body);
  const input = parsed?.value as Record<string, unknown> | undefined;
  if (input === undefined || typeof input !== 'object' || input === null) {
    return json(
      response,
      400,
      validationError({
        type: 'json_invalid',
        loc: ['body', 0],
        msg: 'JSON decode error',
        input: {},
      }).body,
    );
  }
  const model = resolveModel(state, input.model as string | undefined);
  if (model === undefined)
    return json(response, 404, notFound(MESSAGES.unknownModel(String(input.model))).body);
  let text: string;
  if (typeof input.prompt === 'string') {
    text = input.prompt;
  } else {
    const chat = parseChatRequest(input);
    if (!chat.ok) return json(response, 400, validationError(chat.issue).body);
    try {
      const addGenerationPrompt = chat.request.addGenerationPrompt ?? true;
      if (addGenerationPrompt && chat.request.continueFinalMessage) {
        return json(response, 400, badRequest(MESSAGES.incompatibleFlags).body);
      }
      text = renderChat(chat.request.messages, model.template, {
        addGenerationPrompt,
        continueFinalMessage: chat.request.continueFinalMessage,
      }).text;
    } catch (error) {
      if (error instanceof TemplateError)
        return json(response, 400, badRequest(error.message).body);
      throw error;
    }
  }
  const tokens = tokenize(text);
  json(response, 200, {
    count: tokens.length,
    max_model_len: model.maxModelLen,
    tokens: tokens.map((token) => token.id),
    token_strs: input.return_token_strs === true ? tokens.map((token) => token.text) : null,
  });
}
