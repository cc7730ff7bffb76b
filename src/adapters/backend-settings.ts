/**
 * The one reader of the backend settings (wrangler.toml vars and secrets): base and draft model,
 * URLs, API modes, chat templates, servers, Workers AI transport, first-token timeout. Pure: it
 * reads the record it is given and nothing else, and reports every missing or invalid setting
 * at once, by name. Which combinations cannot work is decided in backend-compatibility.ts; the
 * adapters are built from the result in create-backends.ts. The app's own settings (keys,
 * prices, limits) are src/app-config.ts.
 */
import type { OpenAIApiMode } from './openai-compatible/openai-request-bodies.ts';
import { isHttpUrl, type ReplicaSetting, readPoolSettings } from './pool/pool-settings.ts';
import { guessChatTemplate } from './prompt/chat-templates.ts';
import type { WorkersAiApi } from './workers-ai/workers-ai-wire.ts';

/** The server software behind an OpenAI-compatible URL, when the configuration names it. */
export const SERVER_KINDS = ['vllm', 'sglang', 'llama.cpp', 'workers-ai'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

/** One model behind an OpenAI-compatible API (vLLM, SGLang, llama.cpp server). */
export interface OpenAICompatibleSettings {
  readonly provider: 'openai-compatible';
  /** `BASE` or `DRAFT`: the prefix of the settings it was read from, for messages. */
  readonly prefix: 'BASE' | 'DRAFT';
  /** The first replica's URL (the only one unless `<PREFIX>_URLS` lists several). */
  readonly url: string;
  /** Every replica with its weight, from `<PREFIX>_URLS` or the single `<PREFIX>_URL`. */
  readonly replicas: readonly ReplicaSetting[];
  /** The setting the replicas were read from (`BASE_URL` or `BASE_URLS`), for messages. */
  readonly urlSetting: string;
  readonly model: string;
  readonly apiKey: string | undefined;
  readonly mode: OpenAIApiMode;
  /** As configured, else guessed from the model name; required in completions mode. */
  readonly chatTemplate: string | undefined;
  /** `<PREFIX>_SERVER`, or `workers-ai` when the URL is Workers AI's OpenAI API; else unknown. */
  readonly server: ServerKind | undefined;
}

export type WorkersAiTransportSettings =
  | { readonly kind: 'binding' }
  | {
      readonly kind: 'rest';
      readonly url: string;
      readonly accountId: string;
      readonly apiToken: string | undefined;
    };

/** The draft on Workers AI, through the `AI` binding or the REST API. */
export interface WorkersAiSettings {
  readonly provider: 'workers-ai';
  readonly model: string;
  readonly api: WorkersAiApi;
  /** Required for `legacy` models, whose raw prompts are rendered here. */
  readonly chatTemplate: string | undefined;
  readonly transport: WorkersAiTransportSettings;
  /** `DRAFT_PROMPT_BOS=prompt`: render the template's BOS into the raw prompt (default `server`). */
  readonly bosInPrompt: boolean;
}

export interface BackendSettings {
  readonly base: OpenAICompatibleSettings;
  readonly draft: OpenAICompatibleSettings | WorkersAiSettings;
  /** `MODEL_FIRST_TOKEN_TIMEOUT_MS`, when set. */
  readonly firstTokenTimeoutMs: number | undefined;
}

export type BackendSettingsResult =
  | { readonly ok: true; readonly settings: BackendSettings }
  | { readonly ok: false; readonly problems: readonly string[] };

export interface BackendSettingsContext {
  /** Whether the Worker has the `AI` binding (not in the `local` environment). */
  hasAiBinding: boolean;
}

/** Reads and validates every backend setting; never throws. */
export function readBackendSettings(
  env: Readonly<Record<string, unknown>>,
  context: BackendSettingsContext,
): BackendSettingsResult {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name];
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
  const template = (name: string, model: string, why: string | undefined) => {
    const value = read(name) ?? guessChatTemplate(model);
    if (value === undefined && why !== undefined && model !== '') {
      problems.push(`${name} is not set${why}, and the model name "${model}" does not suggest one`);
    }
    return value;
  };

  const openAICompatible = (prefix: 'BASE' | 'DRAFT', why = ''): OpenAICompatibleSettings => {
    const pool = readPoolSettings(env, prefix, why);
    if (!pool.ok) problems.push(...pool.problems);
    const replicas = pool.ok ? pool.pool.replicas : [];
    const address = replicas[0]?.url ?? '';
    const model = required(`${prefix}_MODEL`, why);
    const mode = oneOf(`${prefix}_API_MODE`, ['chat', 'completions'], 'chat');
    const needed =
      mode === 'completions' ? ` (needed when ${prefix}_API_MODE is completions)` : undefined;
    const serverName = read(`${prefix}_SERVER`);
    const server =
      serverName === undefined
        ? serverOfUrl(address)
        : oneOf(`${prefix}_SERVER`, SERVER_KINDS, 'vllm');
    return {
      provider: 'openai-compatible',
      prefix,
      url: address,
      replicas,
      urlSetting: pool.ok ? pool.pool.setting : `${prefix}_URL`,
      model,
      apiKey: read(`${prefix}_API_KEY`),
      mode,
      chatTemplate: template(`${prefix}_CHAT_TEMPLATE`, model, needed),
      server,
    };
  };

  const workersAi = (): WorkersAiSettings => {
    const model = required('DRAFT_MODEL', ' (needed when DRAFT_PROVIDER is workers-ai)');
    const api = oneOf('DRAFT_WORKERS_AI_API', ['legacy', 'openai'], 'legacy');
    const why = api === 'legacy' ? ' (needed for legacy Workers AI models)' : undefined;
    return {
      provider: 'workers-ai',
      model,
      api,
      chatTemplate: api === 'legacy' ? template('DRAFT_CHAT_TEMPLATE', model, why) : undefined,
      transport: workersAiTransport(),
      bosInPrompt: oneOf('DRAFT_PROMPT_BOS', ['server', 'prompt'], 'server') === 'prompt',
    };
  };

  /** An explicit REST URL wins over the binding: that is how local dev reaches the simulator. */
  const workersAiTransport = (): WorkersAiTransportSettings => {
    if (read('WORKERS_AI_REST_URL') !== undefined) {
      return {
        kind: 'rest',
        url: url('WORKERS_AI_REST_URL'),
        accountId: required('WORKERS_AI_ACCOUNT_ID', ' (needed with WORKERS_AI_REST_URL)'),
        apiToken: read('WORKERS_AI_API_TOKEN'),
      };
    }
    if (!context.hasAiBinding) {
      problems.push(
        'DRAFT_PROVIDER is workers-ai but there is no AI binding and WORKERS_AI_REST_URL is not set',
      );
    }
    return { kind: 'binding' };
  };

  const base = openAICompatible('BASE');
  const provider = read('DRAFT_PROVIDER');
  let draft: OpenAICompatibleSettings | WorkersAiSettings | undefined;
  if (provider === 'openai-compatible') {
    draft = openAICompatible('DRAFT', ' (needed when DRAFT_PROVIDER is openai-compatible)');
  } else if (provider === 'workers-ai') {
    draft = workersAi();
  } else {
    problems.push(
      provider === undefined
        ? 'DRAFT_PROVIDER is not set (workers-ai or openai-compatible)'
        : `DRAFT_PROVIDER must be workers-ai or openai-compatible (got "${provider}")`,
    );
  }
  const firstTokenTimeoutMs = positiveWholeNumber('MODEL_FIRST_TOKEN_TIMEOUT_MS');
  if (problems.length > 0 || draft === undefined) return { ok: false, problems };
  return { ok: true, settings: { base, draft, firstTokenTimeoutMs } };

  function positiveWholeNumber(name: string): number | undefined {
    const raw = read(name);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (Number.isInteger(value) && value > 0) return value;
    problems.push(`${name} must be a positive whole number (got "${raw}")`);
    return undefined;
  }
}

/** Workers AI's OpenAI-compatible API lives under `/client/v4/accounts/<id>/ai/v1`. */
function serverOfUrl(url: string): ServerKind | undefined {
  return /\/client\/v4\/accounts\/[^/]+\/ai\/v1\/?$/.test(url) ? 'workers-ai' : undefined;
}
