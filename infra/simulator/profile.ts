/**
 * Latency profiles: the JSON files in `profiles/` (and any file in the same shape, such as one
 * written from real GPU measurements). A profile names the served models and, per model, what a
 * request costs. Optional behaviour fields (skill, template, generation config) default from the
 * model's key: `draft` behaves like a small model, anything else like the base model.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FlavourSetting } from './flavours/flavour.ts';

/** Sampling defaults from a model's `generation_config.json`, used when a request omits them. */
export interface GenerationConfig {
  temperature?: number;
  top_p?: number;
  top_k?: number;
  repetition_penalty?: number;
}

/** One served model's costs (all times in unscaled milliseconds). */
export interface ModelProfile {
  /** The weights the model stands for, shown as `root` in `/v1/models`. */
  modelName: string;
  hardware?: string;
  /** HTTP handling, tokenization and scheduling before the GPU starts. */
  requestOverheadMs: number;
  /** Client-to-server round trip. */
  networkRttMs: number;
  prefillFixedMs: number;
  prefillMsPerToken: number;
  /** `[tokens, total ms]` points; when present it replaces the fixed + per-token line. */
  prefillTable?: readonly (readonly [number, number])[];
  decodeMsPerToken: number;
  /** `[context tokens, ms per token]` points; when present it replaces `decodeMsPerToken`. */
  decodeTable?: readonly (readonly [number, number])[];
  prefixCacheBlockTokens: number;
  /** Prefix-cache capacity in blocks (LRU); default 4096. */
  prefixCacheBlocks?: number;
  /** Fractional slowdown per additional request running on the same GPUs. */
  concurrencySlowdown: number;
  /** Maximum context (prompt + output) in tokens; default 32768. */
  maxModelLen?: number;
  /** `draft` errs more and judges worse; default from the model key. */
  skill?: 'base' | 'draft';
  /** The chat template family; default `chatml` (Qwen/QwQ/R1-distill). */
  template?: 'chatml' | 'llama3';
  generationConfig?: GenerationConfig;
  /** Other names this model answers to (e.g. a Workers AI model id). */
  aliases?: readonly string[];
  /** The server it behaves like (default plain vLLM); see flavours/flavour.ts. */
  flavour?: FlavourSetting;
}

/** A latency profile file. */
export interface Profile {
  name: string;
  description?: string;
  /** Where the numbers come from. */
  source?: string;
  /** True when all models share the same GPUs (their concurrent requests slow each other). */
  colocated?: boolean;
  models: Readonly<Record<string, ModelProfile>>;
}

const PROFILE_DIRECTORY = join(dirname(fileURLToPath(import.meta.url)), 'profiles');

/** Loads a bundled profile by name, or any profile file by path. */
export function loadProfile(nameOrPath: string): Profile {
  const path =
    nameOrPath.endsWith('.json') || nameOrPath.includes('/')
      ? nameOrPath
      : join(PROFILE_DIRECTORY, `${nameOrPath}.json`);
  if (!existsSync(path)) {
    const bundled = readdirSync(PROFILE_DIRECTORY).map((file) => file.replace(/\.json$/, ''));
    throw new TypeError(
      `Unknown profile "${nameOrPath}": use one of ${bundled.join(', ')} or a profile JSON file`,
    );
  }
  return parseProfile(JSON.parse(readFileSync(path, 'utf8')) as unknown, path);
}

/** Checks the required fields of a parsed profile and returns it typed. */
export function parseProfile(value: unknown, origin: string): Profile {
  const profile = value as Profile;
  if (typeof profile?.name !== 'string' || typeof profile.models !== 'object') {
    throw new TypeError(`Profile ${origin} needs a "name" and a "models" object`);
  }
  const required = [
    'requestOverheadMs',
    'networkRttMs',
    'prefillFixedMs',
    'prefillMsPerToken',
    'decodeMsPerToken',
    'prefixCacheBlockTokens',
    'concurrencySlowdown',
  ] as const;
  for (const [key, model] of Object.entries(profile.models)) {
    for (const field of required) {
      if (typeof model[field] !== 'number') {
        throw new TypeError(`Profile ${origin}: model "${key}" needs a numeric "${field}"`);
      }
    }
  }
  return profile;
}
