/**
 * Faults on demand. A request names one in the `x-sim-fault` header; a model can also carry a
 * fault configuration (kinds and a rate, decided by a seeded hash of the model and a request
 * counter, so a run with the same seed fails the same requests). Kinds: `429` (with
 * retry-after), `500`, `503`, `hang` (no bytes until the client gives up), `cut` (socket
 * destroyed mid-stream), `malformed` (a broken chunk or body), `no-logprobs`, `no-done` (a stream that
 * closes cleanly half-way, without its end marker: no finish reason, no usage, no `[DONE]`).
 */
import { hashParts } from './rng.ts';

export const FAULT_KINDS = [
  '429',
  '500',
  '503',
  'hang',
  'cut',
  'malformed',
  'no-logprobs',
  'no-done',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** A model's standing fault configuration. */
export interface FaultConfig {
  /** Share of requests that fail, 0–1. */
  rate: number;
  kinds: readonly FaultKind[];
  seed: number;
  /** The retry-after header of a 429, in seconds (default 1). */
  retryAfterSeconds?: number;
}

export function isFaultKind(value: string): value is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(value);
}

/** The fault configuration of every model, changeable at run time. */
export interface FaultBook {
  set(model: string, config: FaultConfig | undefined): void;
  get(model: string): FaultConfig | undefined;
  all(): Record<string, FaultConfig>;
  /** The fault for the next request to `model`, given its header value (which wins). */
  decide(model: string, header: string | undefined): FaultKind | undefined;
}

export function createFaultBook(initial: Readonly<Record<string, FaultConfig>> = {}): FaultBook {
  const configs = new Map<string, FaultConfig>(Object.entries(initial));
  const counters = new Map<string, number>();
  return {
    set(model, config) {
      if (config === undefined) configs.delete(model);
      else configs.set(model, config);
      counters.set(model, 0);
    },
    get: (model) => configs.get(model),
    all: () => Object.fromEntries(configs),
    decide(model, header) {
      const requested = header?.trim().toLowerCase();
      if (requested !== undefined && isFaultKind(requested)) return requested;
      const config = configs.get(model);
      if (config === undefined || config.kinds.length === 0 || config.rate <= 0) return undefined;
      const count = counters.get(model) ?? 0;
      counters.set(model, count + 1);
      if (hashParts('fault', config.seed, model, count) / 4294967296 >= config.rate)
        return undefined;
      return config.kinds[hashParts('fault-kind', config.seed, model, count) % config.kinds.length];
    },
  };
}
