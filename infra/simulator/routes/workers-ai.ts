/**
 * The Workers AI REST shape, `POST /client/v4/accounts/:account/ai/run/:model`, as the legacy
 * text-generation models answer it: `prompt` (raw when `raw: true`) or `messages`, no `stop` and
 * no logprobs (the client cuts steps itself and aborts), native `data: {"response": …}` events
 * ending in a usage event and `data: [DONE]`, or the `{"result": …, "success": true}` envelope.
 * Inputs are checked against the model's published schema (flavours/workers-ai-schema.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ChatMessage, type PromptView, parseRawPrompt, renderChat } from '../chat-template.ts';
import { workersAiAnomalies, workersAiInputProblem } from '../flavours/workers-ai-schema.ts';
import { parseJson, sendText } from '../http-util.ts';
import { faultFor, resolveSampling } from '../request-setup.ts';
import { hexId } from '../rng.ts';
import { type ResponseShape, serveGeneration } from '../serve-generation.ts';
import { resolveModel, type SimulatorState } from '../state.ts';
import { tokenize } from '../tokenizer.ts';

/** Workers AI's default `max_tokens` for the legacy text models. */
const WORKERS_AI_DEFAULT_MAX_TOKENS = 256;

interface WorkersAiError {
  code: number;
  message: string;
}

function envelope(errors: WorkersAiError[]): string {
  return JSON.stringify({ errors, success: false, result: {}, messages: [] });
}

function sendFailure(response: ServerResponse, status: number, error: WorkersAiError): void {
  sendText(response, status, envelope([error]));
}

const usageOf = (usage: { promptTokens: number; completionTokens: number }) => ({
  prompt_tokens: usage.promptTokens,
  completion_tokens: usage.completionTokens,
  total_tokens: usage.promptTokens + usage.completionTokens,
});

const SHAPE: ResponseShape = {
  contentType: 'application/json',
  body: (output, usage) =>
    JSON.stringify({
      result: { response: output.text, usage: usageOf(usage) },
      success: true,
      errors: [],
      messages: [],
    }),
  opening: () => [],
  token: (step) => (step.token.isEnd ? undefined : JSON.stringify({ response: step.delta })),
  closing: (usage) => [JSON.stringify({ response: '', usage: usageOf(usage) })],
  done: 'data: [DONE]\n\n',
  fault: (kind, retryAfterSeconds) => {
    const status = Number(kind);
    const error =
      kind === '500'
        ? { code: 3043, message: 'Internal server error' }
        : { code: 3040, message: 'Capacity temporarily exceeded, please try again.' };
    const headers: Record<string, string> =
      kind === '429' ? { 'retry-after': String(retryAfterSeconds) } : {};
    return {
      error: { status, body: { errors: [error], success: false, result: {}, messages: [] } },
      headers,
    };
  },
  inband: (error) => JSON.stringify(error.body),
  malformed: () => '{"response":"',
};

export async function handleWorkersAi(
  state: SimulatorState,
  request: IncomingMessage,
  response: ServerResponse,
  body: string,
  modelId: string,
): Promise<void> {
  const model = resolveModel(state, modelId);
  if (model === undefined)
    return sendFailure(response, 400, { code: 5007, message: `No such model ${modelId} or task` });
  const parsed = parseJson(body);
  const input = (parsed?.value ?? undefined) as Record<string, unknown> | undefined;
  if (input === undefined || typeof input !== 'object' || input === null) {
    return sendFailure(response, 400, {
      code: 5006,
      message: 'AiError: Bad input: Error: the request body must be a JSON object',
    });
  }
  const api = state.flavours.get(model.name).workersAiApi;
  const problem = workersAiInputProblem(input, api);
  if (problem !== undefined) return sendFailure(response, 400, { code: 5006, message: problem });
  let view: PromptView;
  let messages: ChatMessage[] | undefined;
  if (typeof input.prompt === 'string' && api === 'legacy') {
    view =
      input.raw === true
        ? parseRawPrompt(input.prompt)
        : renderChat([{ role: 'user', content: input.prompt }], model.template, {
            addGenerationPrompt: true,
            continueFinalMessage: false,
          });
  } else {
    // workersAiInputProblem refused a body with neither a prompt nor messages.
    messages = (input.messages as Record<string, unknown>[]).map(
      (message): ChatMessage => ({
        role: String(message?.role ?? 'user'),
        content: String(message?.content ?? ''),
      }),
    );
    // The assistant role is a hint: a final assistant message is closed, not continued.
    view = renderChat(messages, model.template, {
      addGenerationPrompt: true,
      continueFinalMessage: false,
    });
  }
  const anomalies = workersAiAnomalies(input, api, messages);
  const promptIds = tokenize(view.text).map((token) => token.id);
  const maxTokens =
    typeof input.max_tokens === 'number' ? input.max_tokens : WORKERS_AI_DEFAULT_MAX_TOKENS;
  if (promptIds.length + maxTokens > model.maxModelLen) {
    return sendFailure(response, 400, {
      code: 5021,
      message:
        'AiError: The estimated number of input and maximum output tokens exceeded this model context window limit.',
    });
  }
  const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
  const sampling = resolveSampling(model, {
    temperature: number(input.temperature),
    topP: number(input.top_p),
    topK: number(input.top_k),
    seed: number(input.seed),
  });
  const id = hexId('workers-ai', body, Date.now(), Math.random());
  await serveGeneration(
    state,
    {
      model,
      route: '/client/v4/accounts/:account/ai/run/:model',
      id,
      view,
      promptIds,
      sampling,
      maxTokens,
      stop: api === 'openai' && Array.isArray(input.stop) ? input.stop.map(String) : [],
      includeStopInOutput: false,
      stream: input.stream === true,
      logprobs: undefined,
      engineError: undefined,
      cacheSalt: undefined,
      skipCacheRead: false,
      fault: faultFor(state, model, request),
      anomalies,
      shape: SHAPE,
    },
    response,
  );
}
