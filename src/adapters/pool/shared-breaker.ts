/**
 * How breaker states cross isolates. Isolates report call outcomes to the pool's shared record
 * (src/replica-health.ts), which folds them into one breaker per replica with `recordReport`;
 * each isolate folds the record's breakers into its own with `mergeBreaker`, at the start of a
 * run and on every timed reply while calls run. Both order states by the time of the evidence
 * they stand on (`since`, stamped by the isolate that saw the call end), so a stale reply never
 * undoes newer local knowledge, and an isolate's probe stays its own. Pure: time is passed in.
 */
import {
  type BreakerPolicy,
  type BreakerState,
  recordOutcome,
  type SettledBreaker,
} from './circuit-breaker.ts';

/** A call outcome worth sharing: every failure, and the first success after one. */
export interface HealthReport {
  readonly id: string;
  readonly outcome: 'success' | 'failure';
  /** Epoch ms when the call ended, by the reporting isolate's clock. */
  readonly at: number;
  /** Whether the call was a probe (its breaker half-open): its failure reopens it for longer. */
  readonly probe: boolean;
}

/** Breaker states by replica id, as the shared record holds them. */
export type HealthSnapshot = Readonly<Record<string, SettledBreaker>>;

/**
 * A local breaker after learning the record's `remote` state for the same replica.
 * - A local half-open breaker is kept as it is: its probe is in flight and its outcome decides.
 * - Otherwise the state with the newer `since` wins: a remote open newer than the local close
 *   (or the local open) is adopted, and a remote close (a probe that succeeded elsewhere) closes
 *   a local open only when it is newer than that open; failures never make a state newer.
 * - At the same `since`, the more cautious state wins (open, then more openings or failures).
 * Outside half-open this picks the greater of two states in one total order, so merging is
 * idempotent and the result does not depend on the order in which replies arrive.
 */
export function mergeBreaker(local: BreakerState, remote: SettledBreaker): BreakerState {
  if (local.status === 'half-open') return local;
  return compare(remote, local) > 0 ? remote : local;
}

/**
 * The record's breaker after one report, with the report's own time as the clock. A report
 * older than the breaker's `since` is ignored (a success from before the opening, a failure from
 * before the recovery); a failed probe reopens it only once its wait is over (concurrent probes
 * of one opening double the wait once).
 */
export function recordReport(
  record: SettledBreaker,
  report: HealthReport,
  policy: BreakerPolicy,
): SettledBreaker {
  if (report.at < record.since) return record;
  const before: BreakerState =
    report.probe && record.status === 'open' && report.at >= record.retryAt
      ? {
          status: 'half-open',
          openings: record.openings,
          probeStartedAt: report.at,
          since: record.since,
        }
      : record;
  return recordOutcome(before, report.outcome, report.at, policy);
}

/** Orders settled states by `since`, then open above closed, then openings or failures, wait. */
function compare(a: SettledBreaker, b: SettledBreaker): number {
  const rankA = rank(a);
  const rankB = rank(b);
  for (let index = 0; index < rankA.length; index++) {
    const difference = (rankA[index] ?? 0) - (rankB[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function rank(state: SettledBreaker): readonly number[] {
  return state.status === 'open'
    ? [state.since, 1, state.openings, state.retryAt]
    : [state.since, 0, state.failures, 0];
}
