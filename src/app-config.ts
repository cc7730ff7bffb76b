/**
 * The Worker's own configuration, read from wrangler vars and secrets once per isolate and
 * validated: public model name, API key hashes, knob defaults, prices, limits, logging, CORS.
 * Backend settings (URLs, models, modes) are read by src/adapters/create-backends.ts.
 */
import { z } from '@hono/zod-openapi';
import { readPoolSettings } from './adapters/pool/pool-settings.ts';
import type { TurnConfig } from './core/config.ts';
import { locationHintProblem } from './location-hint.ts';
import { ApiError } from './openai/errors.ts';
import { SpecReasonOptionsSchema } from './openai/schemas.ts';
import { parameterName } from './openai/validation.ts';

/** US dollars per million tokens, per model and direction. */
export interface Prices {
  draft: { input: number; output: number };
  base: { input: number; output: number };
}

export interface AppConfig {
  publicModel: string;
  /** sha256(key) in hex → tenant. */
  apiKeys: ReadonlyMap<string, string>;
  /** Knob defaults applied before the request's own `specreason` values. */
  defaults: Partial<Omit<TurnConfig, 'seed'>>;
  prices: Prices;
  maxBodyBytes: number;
  maxPromptChars: number;
  rateLimitPeriodSeconds: number;
  logPrompts: boolean;
  corsOrigins: readonly string[];
}

const PriceSchema = z.object({ input: z.number().min(0), output: z.number().min(0) }).strict();
const PricesSchema = z.object({ draft: PriceSchema, base: PriceSchema }).strict();
const ApiKeysSchema = z.record(z.string().regex(/^[0-9a-f]{64}$/), z.string().min(1).max(64));

const DEFAULT_PRICES: Prices = { draft: { input: 0, output: 0 }, base: { input: 0, output: 0 } };

function parseJson<T>(name: string, raw: unknown, schema: z.ZodType<T>, fallback: T): T {
  if (raw === undefined || raw === '') return fallback;
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw misconfigured(`${name} is not valid JSON`);
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw misconfigured(
      `${name}: ${parameterName(issue?.path ?? []) ?? ''} ${issue?.message ?? ''}`,
    );
  }
  return parsed.data;
}

function parseNumber(name: string, raw: unknown, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw misconfigured(`${name} must be a positive number`);
  return value;
}

function misconfigured(detail: string): ApiError {
  return new ApiError({
    status: 500,
    message: `The server is misconfigured: ${detail}`,
    code: 'server_misconfigured',
  });
}

function knobDefaults(raw: unknown): AppConfig['defaults'] {
  const options = parseJson('SPECREASON_DEFAULTS', raw, SpecReasonOptionsSchema, {});
  const defaults: AppConfig['defaults'] = {
    mode: options.mode,
    threshold: options.threshold,
    scoreMethod: options.score_method,
    firstNBaseSteps: options.first_n_base_steps,
    tokenBudget: options.token_budget,
    maxStepTokens: options.max_step_tokens,
    pipeline: options.pipeline,
    semantics: options.semantics,
  };
  return Object.fromEntries(Object.entries(defaults).filter(([, value]) => value !== undefined));
}

const cache = new WeakMap<object, AppConfig>();

/**
 * The Worker's bindings as the record the settings readers index by name (the generated
 * `CloudflareBindings` is an interface, so TypeScript will not take it as one). The same object,
 * not a copy: readAppConfig's cache is keyed by it.
 */
export function settingsOf(env: CloudflareBindings): Readonly<Record<string, unknown>> {
  return env as unknown as Readonly<Record<string, unknown>>;
}

/**
 * Whether logs may carry step and answer text: LOG_PROMPTS is exactly "true". The Conversation
 * Durable Object reads this alone, once, as it needs no other setting of the app's.
 */
export function readLogPrompts(env: { readonly LOG_PROMPTS?: unknown }): boolean {
  return env.LOG_PROMPTS === 'true';
}

/**
 * Replica lists (`BASE_URLS`, `DRAFT_URLS` and their single-URL forms) and the location hint are
 * checked on every request, /health included, so that a mistake there is refused at once, naming
 * the setting, instead of failing a turn later. Missing settings are left to the turn's own
 * backend check (src/adapters/backend-settings.ts), which lists them with the rest.
 */
function placementProblems(env: Readonly<Record<string, unknown>>): string[] {
  const prefixes: ('BASE' | 'DRAFT')[] =
    env.DRAFT_PROVIDER === 'openai-compatible' ? ['BASE', 'DRAFT'] : ['BASE'];
  const problems = prefixes.flatMap((prefix) => {
    const isSet = env[`${prefix}_URLS`] !== undefined || env[`${prefix}_URL`] !== undefined;
    const result = readPoolSettings(env, prefix);
    return isSet && !result.ok ? result.problems : [];
  });
  const hint = locationHintProblem(env);
  return hint === undefined ? problems : [...problems, hint];
}

export function readAppConfig(env: Readonly<Record<string, unknown>>): AppConfig {
  const cached = cache.get(env);
  if (cached !== undefined) return cached;
  const placement = placementProblems(env);
  if (placement.length > 0) throw misconfigured(placement.join('; '));
  const config: AppConfig = {
    publicModel:
      typeof env.PUBLIC_MODEL === 'string' && env.PUBLIC_MODEL !== ''
        ? env.PUBLIC_MODEL
        : 'specreason',
    apiKeys: new Map(Object.entries(parseJson('API_KEYS', env.API_KEYS, ApiKeysSchema, {}))),
    defaults: knobDefaults(env.SPECREASON_DEFAULTS),
    prices: parseJson('PRICES', env.PRICES, PricesSchema, DEFAULT_PRICES),
    maxBodyBytes: parseNumber('MAX_BODY_BYTES', env.MAX_BODY_BYTES, 1_048_576),
    maxPromptChars: parseNumber('MAX_PROMPT_CHARS', env.MAX_PROMPT_CHARS, 200_000),
    rateLimitPeriodSeconds: parseNumber(
      'RATE_LIMIT_PERIOD_SECONDS',
      env.RATE_LIMIT_PERIOD_SECONDS,
      60,
    ),
    logPrompts: readLogPrompts(env),
    corsOrigins:
      typeof env.CORS_ORIGINS === 'string' && env.CORS_ORIGINS !== ''
        ? env.CORS_ORIGINS.split(',').map((origin) => origin.trim())
        : [],
  };
  cache.set(env, config);
  return config;
}
