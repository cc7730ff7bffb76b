/**
 * The Workers AI adapter for the draft model: a `StepModel` over the `env.AI` binding or the
 * REST shape. Legacy text models get a `raw` prompt rendered from their chat template and have
 * no `stop`: the step is cut at the stop string here and the upstream call aborted. OpenAI-shaped
 * models get messages and `stop`. `x-session-affinity` carries the conversation, so that
 * consecutive steps land on a warm prefix cache.
 */
import type { GenerateRequest, GenerateResult, StepModel } from '../../core/ports.ts';
import { type CallOptions, resolveCallOptions } from '../call/call-options.ts';
import {
  type CallTarget,
  type ModelRole,
  operationName,
  promptError,
} from '../call/call-target.ts';
import { runStreamedStep } from '../call/streamed-call.ts';
import { closeThinkingIn, createChatPromptRenderer } from '../prompt/chat-prompt.ts';
import { builtInBosToken } from '../prompt/chat-templates.ts';
import {
  runWorkersAi,
  type WorkersAiTransport,
  workersAiEndpoint,
} from './workers-ai-transport.ts';
import {
  createWorkersAiStepReader,
  type WorkersAiApi,
  workersAiInputs,
} from './workers-ai-wire.ts';

export interface WorkersAiModelConfig extends CallOptions {
  /** The catalog name, e.g. `@cf/deepseek-ai/deepseek-r1-distill-qwen-32b`. */
  model: string;
  api: WorkersAiApi;
  /** A built-in template name or Jinja source; required for `legacy` models (raw prompts). */
  chatTemplate?: string | undefined;
  transport: WorkersAiTransport;
  /**
   * Whether the raw prompt starts with the template's BOS token. Default false: servers add BOS
   * when they tokenize a raw prompt, and whether Workers AI does for `raw: true` is not published;
   * Qwen-family templates (the recommended drafts) define none, so for them it cannot matter.
   * `DRAFT_PROMPT_BOS=prompt` turns it on for a model that turns out not to get one.
   */
  bosInPrompt?: boolean | undefined;
  /** Which model this is, for error messages; the draft unless said otherwise. */
  role?: ModelRole | undefined;
}

export function createWorkersAiModel(config: WorkersAiModelConfig): StepModel {
  const options = resolveCallOptions(config);
  if (config.api === 'legacy' && !config.chatTemplate) {
    throw new TypeError('A legacy Workers AI model needs a chat template to render raw prompts');
  }
  const renderer =
    config.api === 'legacy' && config.chatTemplate
      ? createChatPromptRenderer(config.chatTemplate, {
          bosToken: config.bosInPrompt ? builtInBosToken(config.chatTemplate) : '',
        })
      : undefined;
  const target: CallTarget = {
    operation: operationName(config.role ?? 'draft', 'request'),
    endpoint: workersAiEndpoint(config.transport, config.model),
  };

  async function generate(request: GenerateRequest): Promise<GenerateResult> {
    let prompt: string | undefined;
    try {
      const rendered = renderer?.(request.messages);
      prompt = rendered === undefined ? undefined : closeThinkingIn(rendered, request);
    } catch (cause) {
      throw promptError(target, cause);
    }
    const inputs = workersAiInputs(config.api, request, prompt);
    return runStreamedStep({
      target,
      options,
      request,
      open: (guard) =>
        runWorkersAi(config.transport, {
          model: config.model,
          inputs,
          affinityKey: request.affinityKey,
          guard,
          target,
          now: options.now,
        }),
      createReader: createWorkersAiStepReader,
    });
  }

  // Only a raw prompt rendered here can have its thinking closed (core/ports.ts `closesThinking`).
  return { modelId: config.model, closesThinking: renderer !== undefined, generate };
}
