/**
 * The live state of one model role's replicas inside an isolate: each replica's circuit breaker,
 * in-flight calls and smoothed latency, the other isolates' load as last shared, and where each
 * conversation was placed. It answers one question for the pooled model: which replica should
 * this call of this conversation go to now? A placed conversation keeps its replica while the
 * breaker lets calls through (its prefix cache lives there); a new one takes the first replica of
 * its rendezvous order that is callable and not far above the others' load, pool-wide while the
 * shared figures are fresh. It holds no adapters, so one pool can outlive the adapters built for
 * each run (pooled-backend.ts keeps it). The clock is injected; nothing here does I/O.
 */
import {
  type BreakerPolicy,
  type BreakerState,
  CLOSED,
  DEFAULT_BREAKER_POLICY,
  isCallable,
  recordOutcome,
  requestCall,
} from './circuit-breaker.ts';
import {
  DEFAULT_LOAD_SKIP,
  firstNotOverloaded,
  type LoadSkipPolicy,
  type ReplicaLoad,
} from './load-skip.ts';
import { replicaIdentity } from './pool-settings.ts';
import { rendezvousOrder } from './rendezvous.ts';
import { type HealthReport, type HealthSnapshot, mergeBreaker } from './shared-breaker.ts';
import { type LoadSnapshot, type LoadTotals, withOthers } from './shared-load.ts';

/** One replica of the pool. */
export interface PoolReplica {
  /** Stable identity (the normalised URL): the rendezvous key and the health record's key. */
  readonly id: string;
  readonly url: string;
  readonly weight: number;
}

/** What a call's end says about the replica. */
export type CallOutcome = 'success' | 'failure' | 'neutral';

export interface ReplicaPoolOptions {
  /** Epoch milliseconds. */
  now: () => number;
  breaker?: BreakerPolicy | undefined;
  loadSkip?: LoadSkipPolicy | undefined;
}

export interface ReplicaPool {
  readonly replicas: readonly PoolReplica[];
  /**
   * The next replica to call for `key`, skipping `tried`, with its breaker slot taken (a probe
   * when half-open); `undefined` when none may be called now.
   */
  acquire(key: string | undefined, tried: ReadonlySet<string>): PoolReplica | undefined;
  /**
   * Counts a call in flight; the returned function ends it with its outcome and returns the
   * report worth sharing with other isolates (every failure, and the first success after one).
   * Only timed calls feed the recent latency: calls of one kind (the judge's one-token calls)
   * compare replicas; a long generation would make its replica look slow.
   */
  begin(id: string, isTimed?: boolean): (outcome: CallOutcome) => HealthReport | undefined;
  /** Remembers that `key` is served by replica `id` (after a successful call). */
  place(key: string | undefined, id: string): void;
  /** Milliseconds until some replica may be called again; 0 when one may now. */
  msUntilCallable(): number;
  /** This isolate's breaker states (half-open while its own probe is in flight). */
  health(): Readonly<Record<string, BreakerState>>;
  /**
   * Merges the shared record's breakers into this isolate's (`mergeBreaker`: the newer evidence
   * wins, a local probe stays local); ids not in this pool are ignored. Safe at any time.
   */
  adopt(snapshot: HealthSnapshot): void;
  /** This isolate's load figures (calls in flight, recent latency), to share. */
  load(): LoadSnapshot;
  /**
   * Adopts the other isolates' load totals: new conversations are placed by the pool-wide load
   * for `SHARED_LOAD_FRESH_MS`, then by this isolate's figures alone until the next totals.
   */
  adoptLoad(others: LoadTotals): void;
}

/** The smoothing of recent latency: each call moves it this far towards its own duration. */
const LATENCY_SMOOTHING = 0.2;
/** Placements remembered per pool; the oldest are forgotten first. */
const MAX_PLACEMENTS = 10_000;
/** A latency last measured longer ago than this says nothing about the replica now. */
export const RECENT_LATENCY_MS = 60_000;
/**
 * Shared load totals are trusted this long after they arrived. An isolate with calls in flight
 * gets new ones every `LOAD_SEND_INTERVAL_MS`, and every run fetches them before its first call.
 */
export const SHARED_LOAD_FRESH_MS = 5_000;

export function createReplicaPool(
  replicas: readonly { url: string; weight: number }[],
  options: ReplicaPoolOptions,
): ReplicaPool {
  const policy = options.breaker ?? DEFAULT_BREAKER_POLICY;
  const members: PoolReplica[] = replicas.map((replica) => ({
    id: replicaIdentity(replica.url),
    url: replica.url,
    weight: replica.weight,
  }));
  const byId = new Map(members.map((member) => [member.id, member]));
  const breakers = new Map<string, BreakerState>(members.map((member) => [member.id, CLOSED]));
  const inFlight = new Map<string, number>(members.map((member) => [member.id, 0]));
  const latency = new Map<string, { ms: number; at: number }>();
  const placements = new Map<string, string>();
  let shared: { totals: LoadTotals; at: number } | undefined;

  const breakerOf = (id: string): BreakerState => breakers.get(id) ?? CLOSED;
  const localLoadOf = (id: string, now: number): ReplicaLoad => {
    const recent = latency.get(id);
    return {
      inFlight: inFlight.get(id) ?? 0,
      latencyMs:
        recent === undefined || now - recent.at > RECENT_LATENCY_MS ? undefined : recent.ms,
    };
  };
  const loadOf = (member: PoolReplica, now: number): ReplicaLoad => {
    const local = localLoadOf(member.id, now);
    return shared === undefined || now - shared.at > SHARED_LOAD_FRESH_MS
      ? local
      : withOthers(local, shared.totals[member.id]);
  };

  function candidates(
    key: string | undefined,
    tried: ReadonlySet<string>,
    now: number,
  ): PoolReplica[] {
    const ordered = key === undefined ? members : rendezvousOrder(key, members);
    const open = ordered.filter(
      (member) => !tried.has(member.id) && isCallable(breakerOf(member.id), now, policy),
    );
    const placed = key === undefined ? undefined : placements.get(key);
    const sticky = open.find((member) => member.id === placed);
    if (sticky !== undefined) return [sticky, ...open.filter((member) => member !== sticky)];
    const chosen = firstNotOverloaded(
      open,
      (member) => loadOf(member, now),
      options.loadSkip ?? DEFAULT_LOAD_SKIP,
    );
    return chosen === undefined ? [] : [chosen, ...open.filter((member) => member !== chosen)];
  }

  return {
    replicas: members,
    acquire(key, tried) {
      const now = options.now();
      for (const member of candidates(key, tried, now)) {
        const decision = requestCall(breakerOf(member.id), now, policy);
        breakers.set(member.id, decision.state);
        if (decision.allowed) return member;
      }
      return undefined;
    },
    begin(id, isTimed = true) {
      const startedAt = options.now();
      inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
      let ended = false;
      return (outcome) => {
        if (ended) return undefined;
        ended = true;
        inFlight.set(id, Math.max(0, (inFlight.get(id) ?? 1) - 1));
        const now = options.now();
        if (outcome === 'neutral') return undefined;
        const before = breakerOf(id);
        breakers.set(id, recordOutcome(before, outcome, now, policy));
        if (outcome === 'success' && isTimed) {
          const previous = latency.get(id)?.ms;
          const duration = now - startedAt;
          const ms =
            previous === undefined
              ? duration
              : previous + LATENCY_SMOOTHING * (duration - previous);
          latency.set(id, { ms, at: now });
        }
        const worthReporting =
          outcome === 'failure' || before.status !== 'closed' || before.failures > 0;
        return worthReporting
          ? { id, outcome, at: now, probe: before.status === 'half-open' }
          : undefined;
      };
    },
    place(key, id) {
      if (key === undefined || placements.get(key) === id) return;
      placements.delete(key);
      placements.set(key, id);
      if (placements.size > MAX_PLACEMENTS) {
        const oldest = placements.keys().next().value;
        if (oldest !== undefined) placements.delete(oldest);
      }
    },
    msUntilCallable() {
      const now = options.now();
      const waits = members.map((member) => {
        const state = breakerOf(member.id);
        if (isCallable(state, now, policy)) return 0;
        if (state.status === 'open') return state.retryAt - now;
        return state.status === 'half-open'
          ? state.probeStartedAt + policy.probeTimeoutMs - now
          : 0;
      });
      return Math.max(0, Math.min(...waits));
    },
    health: () => Object.fromEntries(breakers),
    adopt(snapshot) {
      for (const [id, state] of Object.entries(snapshot)) {
        if (byId.has(id)) breakers.set(id, mergeBreaker(breakerOf(id), state));
      }
    },
    load() {
      const now = options.now();
      return Object.fromEntries(members.map((member) => [member.id, localLoadOf(member.id, now)]));
    },
    adoptLoad(others) {
      shared = { totals: others, at: options.now() };
    },
  };
}
