/**
 * The simulator's record of model work: per request and per model, busy time in unscaled model
 * milliseconds (prefill + decode), prompt, cached, prefill and output tokens, and wall-clock start
 * and end. This is the ground truth a benchmark computes ideal latency from.
 */

/** One request as the simulator served it. */
export interface RequestRecord {
  id: string;
  model: string;
  route: string;
  /** `judge` for a scoring call, `reasoning` for any other generation. */
  kind: 'judge' | 'reasoning';
  /** `ok`, `aborted` (client went away), or `fault:<kind>`. */
  status: string;
  /** Wall-clock epoch milliseconds. */
  startedAt: number;
  endedAt: number;
  promptTokens: number;
  cachedTokens: number;
  /** Prompt tokens actually computed (prompt - cached). */
  prefillTokens: number;
  /** Tokens generated (the first comes out of the prefill). */
  decodeTokens: number;
  overheadMs: number;
  networkMs: number;
  prefillMs: number;
  decodeMs: number;
  /** prefillMs + decodeMs. */
  busyMs: number;
  finishReason: string | null;
  /** The sampling actually used, after the generation-config fallback. */
  sampling: { temperature: number; top_p: number; top_k: number; max_tokens: number };
  /** How the flavour's prompt differs from vLLM's render (flavours/chat-request.ts); absent when none. */
  anomalies?: readonly string[];
}

/** Sums over the requests of one model. */
export interface ModelTotals {
  requests: number;
  busyMs: number;
  prefillMs: number;
  decodeMs: number;
  promptTokens: number;
  cachedTokens: number;
  prefillTokens: number;
  decodeTokens: number;
}

/** The stats store: bounded per-request history and running totals. */
export interface StatsStore {
  record(entry: RequestRecord): void;
  snapshot(): { models: Record<string, ModelTotals>; requests: RequestRecord[] };
  reset(): void;
}

const SUMMED = [
  'busyMs',
  'prefillMs',
  'decodeMs',
  'promptTokens',
  'cachedTokens',
  'prefillTokens',
  'decodeTokens',
] as const;

/** A store keeping the last `limit` requests (totals cover every request since the last reset). */
export function createStatsStore(limit = 20000): StatsStore {
  let requests: RequestRecord[] = [];
  let models: Record<string, ModelTotals> = {};
  return {
    record(entry) {
      requests.push(entry);
      if (requests.length > limit) requests = requests.slice(-limit);
      const totals = models[entry.model] ?? {
        requests: 0,
        busyMs: 0,
        prefillMs: 0,
        decodeMs: 0,
        promptTokens: 0,
        cachedTokens: 0,
        prefillTokens: 0,
        decodeTokens: 0,
      };
      models[entry.model] = totals;
      totals.requests += 1;
      for (const field of SUMMED) totals[field] += entry[field];
    },
    snapshot: () => ({ models: structuredClone(models), requests: [...requests] }),
    reset() {
      requests = [];
      models = {};
    },
  };
}
