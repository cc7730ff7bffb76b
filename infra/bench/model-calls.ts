/**
 * Joins what the timing tap saw of each model call with the simulator's record of the same
 * request (`/sim/stats`, matched by `x-sim-request-id`): its model time, prompt and cached
 * tokens, and what kind of call it was. Without a simulator (real endpoints) a call's model
 * time is the time the tap saw it take.
 */
import type { TimedCall } from './timeline.ts';
import type { TapRecord } from './timing-tap.ts';

/** The fields of the simulator's per-request record the benchmark reads. */
export interface SimulatorRequest {
  id: string;
  model: string;
  kind: 'judge' | 'reasoning';
  promptTokens: number;
  cachedTokens: number;
  decodeTokens: number;
  overheadMs: number;
  networkMs: number;
  busyMs: number;
  sampling?: { max_tokens?: number };
}

/** One model call of a turn. */
export interface CallRecord {
  model: string;
  /** `judge`; `step` (a step call, bounded by max_step_tokens); `stream` (answer or free run). */
  kind: 'judge' | 'step' | 'stream';
  aborted: boolean;
  promptTokens: number;
  cachedTokens: number;
  outputTokens: number;
  /** Simulated model time (real ms against real endpoints). */
  modelMs: number;
  /** Simulated GPU time (prefill + decode), aborted calls included up to their abort; 0 when unknown. */
  busyMs: number;
}

export function toCallRecord(
  record: TapRecord,
  simulated: ReadonlyMap<string, SimulatorRequest>,
  maxStepTokens: number,
): CallRecord {
  const request =
    record.simRequestId === undefined ? undefined : simulated.get(record.simRequestId);
  const aborted = record.endAt === undefined;
  if (request === undefined) {
    const end = record.endAt ?? record.abortedAt ?? record.requestAt;
    return {
      model: record.label,
      kind: 'step',
      aborted,
      promptTokens: 0,
      cachedTokens: 0,
      outputTokens: 0,
      modelMs: end - record.requestAt,
      busyMs: 0,
    };
  }
  const isStep = request.sampling?.max_tokens === maxStepTokens;
  return {
    model: request.model,
    kind: request.kind === 'judge' ? 'judge' : isStep ? 'step' : 'stream',
    aborted,
    promptTokens: request.promptTokens,
    cachedTokens: request.cachedTokens,
    outputTokens: request.decodeTokens,
    modelMs: servedModelMs(request),
    busyMs: request.busyMs,
  };
}

/** A served request's model time: server overhead, network round trip, prefill and decode. */
export function servedModelMs(
  request: Pick<SimulatorRequest, 'overheadMs' | 'networkMs' | 'busyMs'>,
): number {
  return request.overheadMs + request.networkMs + request.busyMs;
}

export function toTimedCall(record: TapRecord, call: CallRecord): TimedCall {
  return {
    requestAt: record.requestAt,
    endAt: record.endAt ?? record.abortedAt ?? record.requestAt,
    aborted: record.endAt === undefined,
    modelMs: call.modelMs,
  };
}
