/**
 * Server flavours: which real server a served model behaves like on the wire. `vllm` is the
 * pinned reference (wire/vllm-profile.ts); `sglang`, `llama.cpp` and `workers-ai` change how a
 * chat is rendered, which requests are refused, and how a reasoning model's text is split
 * between `content` and the reasoning field. Each behaviour cites the server's source in
 * infra/simulator/README.md ("Server flavours"). This module owns the settings and their
 * parsing; the behaviours live beside it in this folder.
 */

export const SERVERS = ['vllm', 'sglang', 'llama.cpp', 'workers-ai'] as const;
export type Server = (typeof SERVERS)[number];

export const REASONING_PARSERS = ['deepseek_r1', 'qwen3'] as const;
export type ReasoningParser = (typeof REASONING_PARSERS)[number];

/** The reply field a reasoning parser fills: vLLM ≥ 0.11 says `reasoning`, older vLLM, SGLang and llama.cpp `reasoning_content`. */
export type ReasoningField = 'reasoning' | 'reasoning_content';

/** A served model's flavour (every field but `server` optional in configuration). */
export interface Flavour {
  server: Server;
  /** vLLM / SGLang `--reasoning-parser`; absent: all text in `content`. */
  reasoningParser: ReasoningParser | undefined;
  reasoningField: ReasoningField;
  /** Tokens per streamed chunk (vLLM `--stream-interval`; >1 also stands for server-side speculative decoding). */
  streamInterval: number;
  /** llama.cpp: `enable_thinking` (on by default when the template supports it; `--reasoning-budget 0` turns it off). */
  thinking: boolean;
  /** Workers AI: the model's published schema family (`legacy` text models, or OpenAI-shaped ones). */
  workersAiApi: 'legacy' | 'openai';
}

/** What a configuration file, flag or `/sim/flavour` call may set. */
export type FlavourSetting = Partial<Flavour> & { server?: Server };

export const DEFAULT_FLAVOUR: Flavour = {
  server: 'vllm',
  reasoningParser: undefined,
  reasoningField: 'reasoning_content',
  streamInterval: 1,
  thinking: true,
  workersAiApi: 'legacy',
};

/** The full flavour from a partial setting; throws a readable TypeError on a bad value. */
export function resolveFlavour(setting: FlavourSetting | undefined): Flavour {
  const flavour: Flavour = { ...DEFAULT_FLAVOUR, ...stripUndefined(setting ?? {}) };
  if (!(SERVERS as readonly string[]).includes(flavour.server))
    throw new TypeError(`Unknown flavour "${flavour.server}": use one of ${SERVERS.join(', ')}`);
  if (
    flavour.reasoningParser !== undefined &&
    !(REASONING_PARSERS as readonly string[]).includes(flavour.reasoningParser)
  ) {
    throw new TypeError(
      `Unknown reasoning parser "${flavour.reasoningParser}": use ${REASONING_PARSERS.join(' or ')}`,
    );
  }
  if (flavour.reasoningParser !== undefined && !['vllm', 'sglang'].includes(flavour.server))
    throw new TypeError(`--reasoning-parser is a vLLM and SGLang option, not ${flavour.server}'s`);
  if (flavour.reasoningField !== 'reasoning' && flavour.reasoningField !== 'reasoning_content')
    throw new TypeError('reasoningField must be "reasoning" or "reasoning_content"');
  if (!Number.isInteger(flavour.streamInterval) || flavour.streamInterval < 1)
    throw new TypeError('streamInterval must be a whole number of tokens, at least 1');
  if (flavour.workersAiApi !== 'legacy' && flavour.workersAiApi !== 'openai')
    throw new TypeError('workersAiApi must be "legacy" or "openai"');
  return flavour;
}

/** Parses the `--flavour` flag: `vllm`, `vllm:deepseek_r1`, `sglang:qwen3`, `llama.cpp`, `workers-ai`. */
export function parseFlavourFlag(value: string): FlavourSetting {
  const [server, parser] = value.split(':', 2);
  return {
    server: server as Server,
    ...(parser === undefined || parser === ''
      ? {}
      : { reasoningParser: parser as ReasoningParser }),
  };
}

/** A short label, as the conformance matrix prints it. */
export function flavourLabel(flavour: Flavour): string {
  const parts: string[] = [flavour.server];
  if (flavour.reasoningParser !== undefined)
    parts.push(`--reasoning-parser ${flavour.reasoningParser}`);
  if (flavour.streamInterval > 1) parts.push(`--stream-interval ${flavour.streamInterval}`);
  if (flavour.server === 'llama.cpp' && !flavour.thinking) parts.push('thinking off');
  return parts.join(' ');
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, item]) => item !== undefined),
  ) as Partial<T>;
}

/** The flavour of every model, changeable at run time (`POST /sim/flavour`). */
export interface FlavourBook {
  get(model: string): Flavour;
  /** Sets one model's flavour, or every model's with `*`; returns the flavours now in force. */
  set(model: string, setting: FlavourSetting): Record<string, Flavour>;
  all(): Record<string, Flavour>;
}

export function createFlavourBook(
  models: readonly string[],
  initial: Readonly<Record<string, FlavourSetting | undefined>>,
): FlavourBook {
  const flavours = new Map<string, Flavour>(
    models.map((model) => [model, resolveFlavour(initial[model])]),
  );
  const all = () => Object.fromEntries(flavours);
  return {
    get: (model) => flavours.get(model) ?? DEFAULT_FLAVOUR,
    set: (model, setting) => {
      const targets = model === '*' ? [...flavours.keys()] : [model];
      for (const target of targets) {
        if (!flavours.has(target)) throw new TypeError(`Unknown model "${target}"`);
        flavours.set(target, resolveFlavour(setting));
      }
      return all();
    },
    all,
  };
}
