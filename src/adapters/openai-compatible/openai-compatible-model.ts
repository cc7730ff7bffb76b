/**
 * The OpenAI-compatible adapter (vLLM, SGLang, llama.cpp server): one object that is both a
 * `StepModel` (streamed steps and answers) and a `StepJudge` (the 1-token scoring call), in
 * `chat` mode (messages, `continue_final_message`) or `completions` mode (a raw prompt
 * rendered locally from the model's chat template). Retries, timeouts and stop cutting come
 * from the shared adapter modules; this file only wires them to the two endpoints.
 */
import type {
  ChatMessage,
  GenerateRequest,
  GenerateResult,
  JudgeRequest,
  JudgeResult,
  StepJudge,
  StepModel,
} from '../../core/ports.ts';
import { type CallOptions, resolveCallOptions } from '../call/call-options.ts';
import {
  type CallTarget,
  createCallTarget,
  type ModelRole,
  promptError,
  protocolError,
  streamError,
} from '../call/call-target.ts';
import { isErrorChunk } from '../call/error-body.ts';
import { NO_USAGE } from '../call/step-delta.ts';
import { runGuardedCall, runStreamedStep } from '../call/streamed-call.ts';
import { openReplyPayloads, parseReply, postJson, readReplyText } from '../http/http-reply.ts';
import { closeThinkingIn, createChatPromptRenderer } from '../prompt/chat-prompt.ts';
import { generateBody, judgeBody, type OpenAIApiMode } from './openai-request-bodies.ts';
import { createOpenAIStepReader, readJudgeReply } from './openai-wire.ts';

export interface OpenAICompatibleModelConfig extends CallOptions {
  /** The API root, e.g. `http://127.0.0.1:8788/v1`; `/chat/completions` or `/completions` is appended. */
  baseUrl: string;
  /** The model name the server serves (`--served-model-name`). */
  model: string;
  /** Sent as `Authorization: Bearer …` when set; never appears in errors. */
  apiKey?: string | undefined;
  mode: OpenAIApiMode;
  /** A built-in template name or Jinja source; required in `completions` mode. */
  chatTemplate?: string | undefined;
  /** Which model this is, for error messages. */
  role: ModelRole;
  fetch?: typeof fetch | undefined;
  /** Extra request headers (a gateway's own, for instance). */
  headers?: Readonly<Record<string, string>> | undefined;
}

export type OpenAICompatibleModel = StepModel & StepJudge;

export function createOpenAICompatibleModel(
  config: OpenAICompatibleModelConfig,
): OpenAICompatibleModel {
  const options = resolveCallOptions(config);
  const fetcher = config.fetch ?? globalThis.fetch.bind(globalThis);
  const url = endpointUrl(
    config.baseUrl,
    config.mode === 'chat' ? 'chat/completions' : 'completions',
  );
  if (config.mode === 'completions' && !config.chatTemplate) {
    throw new TypeError('The completions mode needs a chat template to render prompts');
  }
  const renderer =
    config.mode === 'completions' && config.chatTemplate
      ? createChatPromptRenderer(config.chatTemplate)
      : undefined;
  const headers = (accept: string): Record<string, string> => ({
    accept,
    ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}),
    ...config.headers,
  });
  const prompt = (messages: readonly ChatMessage[], target: CallTarget) => {
    if (renderer === undefined) return undefined;
    try {
      return renderer(messages);
    } catch (cause) {
      throw promptError(target, cause);
    }
  };

  async function generate(request: GenerateRequest): Promise<GenerateResult> {
    const target = createCallTarget(config.role, 'request', url);
    const rendered = prompt(request.messages, target);
    const closed = rendered === undefined ? undefined : closeThinkingIn(rendered, request);
    const body = generateBody(config.mode, config.model, request, closed);
    return runStreamedStep({
      target,
      options,
      request,
      open: async (guard) => {
        const post = { fetch: fetcher, url, body, guard, target, now: options.now };
        const response = await postJson({ ...post, headers: headers('text/event-stream') });
        return openReplyPayloads(response, guard, target);
      },
      createReader: createOpenAIStepReader,
    });
  }

  async function judge(request: JudgeRequest): Promise<JudgeResult> {
    const target = createCallTarget(config.role, 'judge request', url);
    const body = judgeBody(config.mode, config.model, request, prompt(request.messages, target));
    return runGuardedCall({
      target,
      options,
      signal: request.signal,
      mayRetry: () => true,
      attempt: async (guard) => {
        const post = { fetch: fetcher, url, body, guard, target, now: options.now };
        const response = await postJson({ ...post, headers: headers('application/json') });
        guard.markFirstToken();
        const text = await readReplyText(response, guard, target);
        const value = parseReply(text, target);
        if (isErrorChunk(value)) throw streamError(target, text);
        const reading = readJudgeReply(value);
        if (reading === undefined) throw protocolError(target, 'a reply without choices');
        const { token, topLogprobs } = reading;
        return { token, topLogprobs, usage: reading.usage ?? NO_USAGE };
      },
    });
  }

  // Only a prompt rendered here can have its thinking closed (core/ports.ts `closesThinking`).
  return { modelId: config.model, closesThinking: renderer !== undefined, generate, judge };
}

/** Appends the endpoint to the configured root, keeping any query the root carries. */
function endpointUrl(baseUrl: string, path: string): string {
  const url = new URL(baseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${path}`;
  return url.toString();
}
