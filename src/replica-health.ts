/**
 * The ReplicaHealth Durable Object: one per replica pool (named by the pool's role and replica
 * list), holding every replica's circuit breaker so that a replica one conversation found down is
 * skipped by the others, in every isolate and location, and every isolate's latest load figures
 * (calls in flight, recent latency) so that new conversations are placed by the pool-wide load.
 * A Durable Object and not KV: a breaker must open within a call or two, and KV's writes take up
 * to a minute to be seen elsewhere (its shortest TTL is 60 s), which is older than any in-flight
 * count; this object serialises reports and answers reads at once, and expires a reporter after
 * `LOAD_TTL_MS` (10 s) by its own clock. The state is soft: kept in memory only, so an evicted
 * object starts with every breaker closed and no load, and relearns within one report interval.
 * Load is ephemeral by nature (an in-flight count is stale seconds later), so writing it to
 * storage would cost a write per report and buy nothing after a restart. Conversations sync with
 * it before each run, send their isolate's load every few seconds while calls run (each reply
 * brings the breakers back, merged by src/adapters/pool/shared-breaker.ts), and report failures
 * (and the first success after one), never awaiting it on a model call.
 */
import { DurableObject } from 'cloudflare:workers';
import {
  CLOSED,
  DEFAULT_BREAKER_POLICY,
  type SettledBreaker,
} from './adapters/pool/circuit-breaker.ts';
import type { HealthShare, SharedPoolState } from './adapters/pool/health-share.ts';
import {
  type HealthReport,
  type HealthSnapshot,
  recordReport,
} from './adapters/pool/shared-breaker.ts';
import {
  type LoadBoard,
  type LoadSnapshot,
  othersLoad,
  recordLoad,
} from './adapters/pool/shared-load.ts';

export class ReplicaHealth extends DurableObject<CloudflareBindings> {
  private readonly breakers = new Map<string, SettledBreaker>();
  private loads: LoadBoard = new Map();

  /** Every replica's breaker as last reported. */
  snapshot(): HealthSnapshot {
    return Object.fromEntries(this.breakers);
  }

  /** Stores one isolate's load figures; answers with the breakers and the other isolates' load. */
  sync(reporter: string, load: LoadSnapshot): SharedPoolState {
    const now = Date.now();
    this.loads = recordLoad(this.loads, reporter, load, now);
    return { health: this.snapshot(), load: othersLoad(this.loads, reporter, now) };
  }

  /**
   * Applies one call outcome to the replica's breaker, at the time the call ended where it ran
   * (`recordReport`); returns the updated snapshot.
   */
  report(report: HealthReport): HealthSnapshot {
    // A Worker of the previous version, still running through a deploy, sends no time.
    const at = Number.isFinite(report.at) ? report.at : Date.now();
    const before = this.breakers.get(report.id) ?? CLOSED;
    this.breakers.set(report.id, recordReport(before, { ...report, at }, DEFAULT_BREAKER_POLICY));
    return this.snapshot();
  }
}

/** The HealthShare of one pool over the `REPLICA_HEALTH` namespace. */
export function replicaHealthShare(
  namespace: DurableObjectNamespace<ReplicaHealth>,
  poolName: string,
  locationHint: DurableObjectLocationHint | undefined,
): HealthShare {
  const stub = namespace.getByName(poolName, locationHint === undefined ? {} : { locationHint });
  return {
    sync: (reporter, load) => stub.sync(reporter, load),
    report: (report) => {
      void stub.report(report).catch(() => {});
    },
  };
}
