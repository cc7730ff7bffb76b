/**
 * Builds the base and draft model adapters from the Worker's variables: the settings are read
 * (backend-settings.ts) and checked for combinations that cannot work (backend-compatibility.ts),
 * and every problem is reported at once. A role with several replicas (`BASE_URLS`, `DRAFT_URLS`)
 * is one pooled model (pool/pooled-backend.ts). The Conversation Durable Object calls it per
 * turn; a `BackendConfigurationError` fails the turn with its message.
 */
import type { CallFailure } from '../core/events.ts';
import type { StepModel } from '../core/ports.ts';
import { findIncompatibilities } from './backend-compatibility.ts';
import {
  type OpenAICompatibleSettings,
  readBackendSettings,
  type WorkersAiSettings,
} from './backend-settings.ts';
import type { CallOptions } from './call/call-options.ts';
import {
  createOpenAICompatibleModel,
  type OpenAICompatibleModel,
} from './openai-compatible/openai-compatible-model.ts';
import type { HealthShare } from './pool/health-share.ts';
import { createPooledBackend, type PoolRegistry } from './pool/pooled-backend.ts';
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
  /**
   * The shared health record of a replica pool, by pool name (role and replica list); absent:
   * each isolate learns replica health on its own.
   */
  healthShare?: ((poolName: string) => HealthShare | undefined) | undefined;
  /** Where replica pools live; the isolate's own registry when absent. */
  pools?: PoolRegistry | undefined;
}

export interface Backends {
  /** The base model: writes regenerated steps and the answer, and judges drafts. */
  base: OpenAICompatibleModel;
  draft: StepModel;
  /** Adopts the shared replica health before a run; never throws, a no-op without pools. */
  syncHealth(): Promise<void>;
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

/** The adapters, or the failure a turn records when the configuration cannot build them. */
export function createTurnModels(inputs: BackendInputs): Backends | { failure: CallFailure } {
  try {
    return createBackends(inputs);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { failure: { code: 'configuration', message, isRetryable: false } };
  }
}

export function createBackends(inputs: BackendInputs): Backends {
  const read = readBackendSettings(inputs.env, { hasAiBinding: inputs.ai !== undefined });
  if (!read.ok) throw new BackendConfigurationError(read.problems);
  const { settings } = read;
  const incompatibilities = findIncompatibilities(settings);
  if (incompatibilities.length > 0) throw new BackendConfigurationError(incompatibilities);

  // Injected call options win over MODEL_FIRST_TOKEN_TIMEOUT_MS: tests pass exactly what they mean.
  const callOptions: CallOptions | undefined =
    settings.firstTokenTimeoutMs === undefined
      ? inputs.callOptions
      : {
          ...inputs.callOptions,
          timeouts: { firstTokenMs: settings.firstTokenTimeoutMs, ...inputs.callOptions?.timeouts },
        };
  const problems: string[] = [];
  const attempt = <T>(build: () => T): T | undefined => {
    try {
      return build();
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
      return undefined;
    }
  };
  const syncs: (() => Promise<void>)[] = [];
  const base = attempt(() => openAICompatibleModel(settings.base, 'base'));
  const draft = attempt(() =>
    settings.draft.provider === 'workers-ai'
      ? workersAiModel(settings.draft)
      : openAICompatibleModel(settings.draft, 'draft'),
  );
  if (base === undefined || draft === undefined) throw new BackendConfigurationError(problems);
  return {
    base,
    draft,
    syncHealth: async () => {
      await Promise.all(syncs.map((sync) => sync()));
    },
  };

  function openAICompatibleModel(model: OpenAICompatibleSettings, role: 'base' | 'draft') {
    const backend = createPooledBackend({
      role,
      settings: { setting: model.urlSetting, replicas: model.replicas },
      callOptions,
      registry: inputs.pools,
      share: inputs.healthShare,
      build: (url, replicaOptions) =>
        createOpenAICompatibleModel({
          ...replicaOptions,
          fetch: inputs.fetch,
          baseUrl: url,
          model: model.model,
          apiKey: model.apiKey,
          mode: model.mode,
          chatTemplate: model.chatTemplate,
          role,
        }),
    });
    syncs.push(() => backend.syncHealth());
    return backend.model;
  }

  function workersAiModel(model: WorkersAiSettings): StepModel {
    const transport: WorkersAiTransport =
      model.transport.kind === 'rest'
        ? { ...model.transport, fetch: inputs.fetch }
        : { kind: 'binding', binding: inputs.ai as WorkersAiBinding };
    return createWorkersAiModel({
      ...callOptions,
      model: model.model,
      api: model.api,
      chatTemplate: model.chatTemplate,
      transport,
      bosInPrompt: model.bosInPrompt,
      role: 'draft',
    });
  }
}
