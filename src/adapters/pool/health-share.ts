/**
 * The port to a pool's shared record (src/replica-health.ts implements it with a Durable Object
 * per pool): what an isolate sends it and what it answers. Its own file so that the pooled
 * backend, which builds the load reporter, and the reporter, which talks to the record, both
 * depend on it and not on each other.
 */
import type { HealthReport, HealthSnapshot } from './shared-breaker.ts';
import type { LoadSnapshot, LoadTotals } from './shared-load.ts';

/** What a pool's shared record answers a sync with. */
export interface SharedPoolState {
  /** Every reported replica's breaker. */
  health: HealthSnapshot;
  /** The load of every other isolate heard from within `LOAD_TTL_MS`. */
  load: LoadTotals;
}

/** Breaker states and load figures shared between isolates. */
export interface HealthShare {
  /**
   * Stores this isolate's load figures under its reporter name and answers with the shared
   * state: awaited once before a run, sent without waiting every few seconds while calls run.
   */
  sync(reporter: string, load: LoadSnapshot): Promise<SharedPoolState>;
  /** Publishes a failure or a recovery; never awaited on the call path. */
  report(report: HealthReport): void;
}
