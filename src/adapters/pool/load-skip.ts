/**
 * Load-aware placement of a new conversation: walk its rendezvous order and skip a replica whose
 * in-flight calls or recent latency is far above the others' (a hot or slow GPU), so new work
 * lands where it will be served soonest. Only new conversations move: one already placed keeps
 * its replica while it is healthy, since its prefix cache lives there. Pure.
 */

/** What this Worker knows of a replica's current load. */
export interface ReplicaLoad {
  /** Calls started and not yet finished. */
  readonly inFlight: number;
  /** Smoothed recent call latency in ms; `undefined` before the first call. */
  readonly latencyMs: number | undefined;
}

/** When a replica counts as far above the others. */
export interface LoadSkipPolicy {
  /** Skipped when in-flight calls exceed this multiple of the others' median plus the margin. */
  readonly inFlightFactor: number;
  /** Absolute slack, so that 3 calls against 1 is not "far above" on a quiet pool. */
  readonly inFlightMargin: number;
  /** Skipped when latency exceeds this multiple of the others' median latency. */
  readonly latencyFactor: number;
}

export const DEFAULT_LOAD_SKIP: LoadSkipPolicy = {
  inFlightFactor: 2,
  inFlightMargin: 4,
  latencyFactor: 3,
};

/** Whether `load` is far above the median of `others` by the policy. */
export function isFarAbove(
  load: ReplicaLoad,
  others: readonly ReplicaLoad[],
  policy: LoadSkipPolicy = DEFAULT_LOAD_SKIP,
): boolean {
  if (others.length === 0) return false;
  const inFlightMedian = median(others.map((other) => other.inFlight));
  if (load.inFlight > policy.inFlightFactor * inFlightMedian + policy.inFlightMargin) return true;
  const latencies = others.flatMap((other) =>
    other.latencyMs === undefined ? [] : [other.latencyMs],
  );
  if (load.latencyMs === undefined || latencies.length === 0) return false;
  return load.latencyMs > policy.latencyFactor * median(latencies);
}

/**
 * The first candidate (in the given order) that is not far above the others; the first one when
 * every candidate is (then skipping would only shuffle the load). `undefined` for no candidates.
 */
export function firstNotOverloaded<T>(
  candidates: readonly T[],
  loadOf: (candidate: T) => ReplicaLoad,
  policy: LoadSkipPolicy = DEFAULT_LOAD_SKIP,
): T | undefined {
  const loads = candidates.map(loadOf);
  const index = loads.findIndex(
    (load, position) =>
      !isFarAbove(
        load,
        loads.filter((_, other) => other !== position),
        policy,
      ),
  );
  return candidates[index === -1 ? 0 : index];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
