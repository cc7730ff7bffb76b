/**
 * The latency arithmetic of one model: prefill cost for the uncached part of a prompt, decode
 * cost per token at a given context length, and the slowdown from requests sharing the GPUs.
 * Pure functions of a `ModelProfile`; the engine applies them and the stats report them.
 */
import type { ModelProfile } from './profile.ts';

/** Linear interpolation through `points` (sorted by x), extrapolating with the end slopes. */
export function interpolate(points: readonly (readonly [number, number])[], x: number): number {
  const sorted = [...points].sort((left, right) => left[0] - right[0]);
  const first = sorted[0];
  if (first === undefined) throw new RangeError('Cannot interpolate an empty table');
  const second = sorted[1];
  if (second === undefined) return first[0] === 0 ? first[1] : (first[1] / first[0]) * x;
  let lower = first;
  let upper = second;
  for (let index = 1; index < sorted.length; index += 1) {
    const point = sorted[index]!;
    lower = sorted[index - 1]!;
    upper = point;
    if (x <= point[0]) break;
  }
  const slope = (upper[1] - lower[1]) / (upper[0] - lower[0]);
  return lower[1] + slope * (x - lower[0]);
}

/** Milliseconds to prefill `uncachedTokens` prompt tokens. */
export function prefillMs(model: ModelProfile, uncachedTokens: number): number {
  if (uncachedTokens <= 0) return 0;
  if (model.prefillTable !== undefined && model.prefillTable.length > 0) {
    return Math.max(interpolate(model.prefillTable, uncachedTokens), 0);
  }
  return model.prefillFixedMs + uncachedTokens * model.prefillMsPerToken;
}

/** Milliseconds for one decode step when the sequence holds `contextTokens` tokens. */
export function decodeMsPerToken(model: ModelProfile, contextTokens: number): number {
  if (model.decodeTable !== undefined && model.decodeTable.length > 0) {
    return Math.max(interpolate(model.decodeTable, contextTokens), 0);
  }
  return model.decodeMsPerToken;
}

/** The factor by which a step slows when `concurrent` requests (this one included) share the GPUs. */
export function slowdownFactor(model: ModelProfile, concurrent: number): number {
  return 1 + model.concurrencySlowdown * Math.max(concurrent - 1, 0);
}

/** The unscaled cost of one request run alone, split the way the stats report it. */
export interface RequestCost {
  overheadMs: number;
  networkMs: number;
  prefillMs: number;
  decodeMs: number;
  /** Model busy time: prefill plus decode. */
  busyMs: number;
  /** What the client waits for the whole response. */
  totalMs: number;
}

/**
 * The cost of a request with `promptTokens` (of which `cachedTokens` hit the prefix cache) that
 * generates `outputTokens`, with `concurrent` requests on the GPUs throughout. The first output
 * token comes out of the prefill, so only the later ones pay a decode step.
 */
export function requestCost(
  model: ModelProfile,
  promptTokens: number,
  cachedTokens: number,
  outputTokens: number,
  concurrent = 1,
): RequestCost {
  const factor = slowdownFactor(model, concurrent);
  const prefill = prefillMs(model, promptTokens - cachedTokens) * factor;
  let decode = 0;
  for (let index = 1; index < outputTokens; index += 1) {
    decode += decodeMsPerToken(model, promptTokens + index) * factor;
  }
  const busy = prefill + decode;
  return {
    overheadMs: model.requestOverheadMs,
    networkMs: model.networkRttMs,
    prefillMs: prefill,
    decodeMs: decode,
    busyMs: busy,
    totalMs: model.requestOverheadMs + model.networkRttMs + busy,
  };
}
