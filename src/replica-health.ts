/**
 * The ReplicaHealth Durable Object: one per replica pool (named by the pool's role and replica
 * list), holding every replica's circuit breaker so that a replica one conversation found down is
 * skipped by the others, in every isolate and location. A Durable Object and not KV: a breaker
 * must open within a call or two, and KV's writes take up to a minute to be seen elsewhere (its
 * shortest TTL is 60 s), while this object serialises reports and answers reads at once. The
 * state is soft: kept in memory only, so an evicted object starts with every breaker closed and
 * relearns from the next failures. Conversations read it before each run and report failures
 * (and the first success after one) without waiting; they never call it per model call.
 */
import { DurableObject } from 'cloudflare:workers';
import {
  type BreakerState,
  DEFAULT_BREAKER_POLICY,
  recordOutcome,
} from './adapters/pool/circuit-breaker.ts';
import type { HealthShare } from './adapters/pool/pooled-backend.ts';
import type { HealthReport, HealthSnapshot } from './adapters/pool/replica-pool.ts';

export class ReplicaHealth extends DurableObject<CloudflareBindings> {
  private readonly breakers = new Map<string, BreakerState>();

  /** Every replica's breaker as last reported. */
  snapshot(): HealthSnapshot {
    return Object.fromEntries(this.breakers);
  }

  /** Applies one call outcome to the replica's breaker; returns the updated snapshot. */
  report(report: HealthReport): HealthSnapshot {
    const before = this.breakers.get(report.id) ?? { status: 'closed', failures: 0 };
    this.breakers.set(
      report.id,
      recordOutcome(before, report.outcome, Date.now(), DEFAULT_BREAKER_POLICY),
    );
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
    pull: () => stub.snapshot(),
    report: (report) => {
      void stub.report(report).catch(() => {});
    },
  };
}
