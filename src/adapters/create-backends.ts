/**
 * Builds the base and draft model adapters from the Worker's variables (wrangler.toml vars and
 * secrets). Pure: it reads the record it is given and nothing else, and reports every missing or
 * invalid variable at once, by name. The Conversation Durable Object calls it.
 */
import type { StepModel } from '../core/ports.ts';
import type { CallOptions } from './call/call-options.ts';
import {
  createOpenAICompatibleModel,
  type OpenAICompatibleModel,
} from './openai-compatible/openai-compatible-model.ts';
import { guessChatTemplate } from './prompt/chat-templates.ts';
import { createWorkersAiModel } from './workers-ai/workers-ai-model.ts';
import type { WorkersAiBinding, WorkersAiTransport } from './workers-ai/workers-ai-transport.ts';

export interface BackendInputs {
  /** The Worker's env (or any record): only its string values are read. */
  env: Readonly<Record<string, unknown>>;
  /** The fetch both HTTP adapters use; the global one when absent. */
  fetch?: typeof fetch | undefined;
  /** `env.AI`, when the Worker has the binding (not in the `local` environment). */
  ai?: WorkersAiBinding | undefined;
  /** Timeouts, retries and clocks for every adapter (tests inject fakes here). */
  callOptions?: CallOptions | undefined;
}

export interface Backends {
  /** The base model: writes regenerated steps and the answer, and judges drafts. */
  base: OpenAICompatibleModel;
  draft: StepModel;
}

/** Thrown when the configuration cannot build both adapters; the message lists every problem. */
export class BackendConfigurationError extends Error {
  override readonly name = 'BackendConfigurationError';
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid model backend configuration: ${problems.join('; ')}`);
    this.problems = problems;
  }
}

export function createBackends(inputs: BackendInputs): Backends {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = inputs.env[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const required = (name: string, why = ''): string => {
    const value = read(name);
    if (value === undefined) problems.push(`${name} is not set${why}`);
    return value ?? '';
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const value = read(name) ?? fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    problems.push(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
    return fallback;
  };
  const url = (name: string, why = ''): string => {
    const value = required(name, why);
    if (value !== '' && !isHttpUrl(value)) {
      problems.push(`${name} must be an http(s) URL (got "${value}")`);
    }
    return value;
  };
  const template = (name: string, model: string, why: string): string | undefined => {
    const value = read(name) ?? guessChatTemplate(model);
    if (value === undefined && model !== '') {
      problems.push(`${name} is not set${why}, and the model name "${model}" does not suggest one`);
    }
    return value;
  };
  const attempt = <T>(build: () => T): T | undefined => {
    try {
      return build();
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
      return undefined;
    }
  };
  const callOptions = withConfiguredTimeouts(inputs.callOptions);
  const shared = { ...callOptions, fetch: inputs.fetch };

  const baseUrl = url('BASE_URL');
  const baseModel = required('BASE_MODEL');
  const baseMode = oneOf('BASE_API_MODE', ['chat', 'completions'], 'chat');
  const baseTemplate =
    baseMode === 'completions'
      ? template('BASE_CHAT_TEMPLATE', baseModel, ' (needed when BASE_API_MODE is completions)')
      : read('BASE_CHAT_TEMPLATE');
  const base =
    problems.length === 0
      ? attempt(() =>
          createOpenAICompatibleModel({
            ...shared,
            baseUrl,
            model: baseModel,
            apiKey: read('BASE_API_KEY'),
            mode: baseMode,
            chatTemplate: baseTemplate,
            role: 'base',
          }),
        )
      : undefined;

  const draft = createDraft();
  if (base === undefined || draft === undefined || problems.length > 0) {
    throw new BackendConfigurationError(problems);
  }
  return { base, draft };

  function createDraft(): StepModel | undefined {
    const before = problems.length;
    const provider = read('DRAFT_PROVIDER');
    if (provider === 'openai-compatible') {
      const why = ' (needed when DRAFT_PROVIDER is openai-compatible)';
      const draftUrl = url('DRAFT_URL', why);
      const model = required('DRAFT_MODEL', why);
      const mode = oneOf('DRAFT_API_MODE', ['chat', 'completions'], 'chat');
      const chatTemplate =
        mode === 'completions'
          ? template('DRAFT_CHAT_TEMPLATE', model, ' (needed when DRAFT_API_MODE is completions)')
          : read('DRAFT_CHAT_TEMPLATE');
      if (problems.length > before) return undefined;
      return attempt(() =>
        createOpenAICompatibleModel({
          ...shared,
          baseUrl: draftUrl,
          model,
          apiKey: read('DRAFT_API_KEY'),
          mode,
          chatTemplate,
          role: 'draft',
        }),
      );
    }
    if (provider === 'workers-ai') {
      const model = required('DRAFT_MODEL', ' (needed when DRAFT_PROVIDER is workers-ai)');
      const api = oneOf('DRAFT_WORKERS_AI_API', ['legacy', 'openai'], 'legacy');
      const chatTemplate =
        api === 'legacy'
          ? template('DRAFT_CHAT_TEMPLATE', model, ' (needed for legacy Workers AI models)')
          : undefined;
      const transport = workersAiTransport();
      if (problems.length > before || transport === undefined) return undefined;
      return attempt(() =>
        createWorkersAiModel({
          ...callOptions,
          model,
          api,
          chatTemplate,
          transport,
          role: 'draft',
        }),
      );
    }
    problems.push(
      provider === undefined
        ? 'DRAFT_PROVIDER is not set (workers-ai or openai-compatible)'
        : `DRAFT_PROVIDER must be workers-ai or openai-compatible (got "${provider}")`,
    );
    return undefined;
  }

  /**
   * `MODEL_FIRST_TOKEN_TIMEOUT_MS` shortens (or lengthens) how long a call waits for its first
   * token; injected call options win, since tests pass exactly what they mean.
   */
  function withConfiguredTimeouts(options: CallOptions | undefined): CallOptions | undefined {
    const raw = read('MODEL_FIRST_TOKEN_TIMEOUT_MS');
    if (raw === undefined) return options;
    const firstTokenMs = Number(raw);
    if (!Number.isInteger(firstTokenMs) || firstTokenMs <= 0) {
      problems.push(`MODEL_FIRST_TOKEN_TIMEOUT_MS must be a positive whole number (got "${raw}")`);
      return options;
    }
    return { ...options, timeouts: { firstTokenMs, ...options?.timeouts } };
  }

  /** An explicit REST URL wins over the binding: that is how local dev reaches the simulator. */
  function workersAiTransport(): WorkersAiTransport | undefined {
    if (read('WORKERS_AI_REST_URL') !== undefined) {
      const why = ' (needed with WORKERS_AI_REST_URL)';
      return {
        kind: 'rest',
        url: url('WORKERS_AI_REST_URL'),
        accountId: required('WORKERS_AI_ACCOUNT_ID', why),
        apiToken: read('WORKERS_AI_API_TOKEN'),
        fetch: inputs.fetch,
      };
    }
    if (inputs.ai !== undefined) return { kind: 'binding', binding: inputs.ai };
    problems.push(
      'DRAFT_PROVIDER is workers-ai but there is no AI binding and WORKERS_AI_REST_URL is not set',
    );
    return undefined;
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
