/**
 * Carries one isolate's load figures for a pool to the shared record and brings the other
 * isolates' totals and the shared breakers back, off the call path: a call's start or end only
 * notes a change, and the figures go out on a timer, at most once per `LOAD_SEND_INTERVAL_MS` per
 * pool and isolate, and again every interval while this run has calls in flight (the record
 * forgets a silent reporter after `LOAD_TTL_MS`). The reply is adopted whenever it comes, so a
 * breaker another isolate opened is skipped here within an interval, mid-run; a lost one changes
 * nothing but freshness. One reporter serves one run, since its share is bound to that run's
 * Durable Object; the pace is kept in `LoadReporterState`, which every run of the isolate shares.
 */
import type { Scheduler } from '../call/call-options.ts';
import type { HealthShare, SharedPoolState } from './health-share.ts';
import type { ReplicaPool } from './replica-pool.ts';

/** A pool's figures leave an isolate at most this often, and this often while its calls run. */
export const LOAD_SEND_INTERVAL_MS = 2_000;

/** What an isolate remembers of its reports on one pool; shared by the isolate's runs. */
export interface LoadReporterState {
  /** The isolate's name in the shared record: random, made once per pool and isolate. */
  readonly reporter: string;
  /** When it last sent its figures (epoch ms); `undefined` before the first time. */
  sentAt: number | undefined;
}

export interface LoadReporterInputs {
  pool: ReplicaPool;
  state: LoadReporterState;
  share: HealthShare;
  now: () => number;
  schedule: Scheduler;
}

export interface LoadReporter {
  /**
   * Sends the figures and adopts the shared breakers and the others' load, as every timed reply
   * does; awaited once before a run, never on a call. Rejects when the record cannot be reached.
   */
  sync(): Promise<void>;
  /** Notes a call's start; the returned function notes its end (once). */
  callStarted(): () => void;
}

export function createLoadReporter(inputs: LoadReporterInputs): LoadReporter {
  const { pool, state, share, now, schedule } = inputs;
  let running = 0;
  let cancelPending: (() => void) | undefined;

  function exchange() {
    state.sentAt = now();
    return share.sync(state.reporter, pool.load());
  }

  /** Merged whenever it comes: `mergeBreaker` keeps a late reply from undoing newer local state. */
  function adopt(shared: SharedPoolState) {
    pool.adopt(shared.health);
    pool.adoptLoad(shared.load);
  }

  /** Sends now if the pool's pace allows, else when it does; repeats while calls run. */
  function sendWhenDue() {
    cancelPending = undefined;
    const wait = state.sentAt === undefined ? 0 : state.sentAt + LOAD_SEND_INTERVAL_MS - now();
    if (wait > 0) {
      cancelPending = schedule(wait, sendWhenDue);
      return;
    }
    void exchange()
      .then(adopt)
      .catch(() => {
        // Sharing is an optimisation: without the reply the pool goes by what it saw itself.
      });
    if (running > 0) cancelPending = schedule(LOAD_SEND_INTERVAL_MS, sendWhenDue);
  }

  function changed() {
    // A pending send carries the latest figures, whatever changed before it goes.
    if (cancelPending === undefined) cancelPending = schedule(0, sendWhenDue);
  }

  return {
    async sync() {
      adopt(await exchange());
    },
    callStarted() {
      running++;
      changed();
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        running--;
        changed();
      };
    },
  };
}
