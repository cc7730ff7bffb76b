/**
 * Builds one model role from its pool settings: a single replica is its plain adapter (the
 * single-URL behaviour, retries and all, unchanged); several are one pooled model over adapters
 * that do not retry themselves. The pool's state (breakers, load, placements) lives in a
 * registry that outlives the adapters: the isolate's by default, so every Durable Object of an
 * isolate shares what its calls learnt, and a `HealthShare` carries breaker changes and load
 * figures to other isolates (src/replica-health.ts implements it with a Durable Object per pool).
 */
import { type CallOptions, resolveCallOptions } from '../call/call-options.ts';
import { operationName } from '../call/call-target.ts';
import type { HealthShare } from './health-share.ts';
import { createLoadReporter, type LoadReporterState } from './load-reporter.ts';
import type { PoolSettings } from './pool-settings.ts';
import { createPooledModel, type PooledReplicaModel } from './pooled-model.ts';
import { createReplicaPool, type ReplicaPool, type ReplicaPoolOptions } from './replica-pool.ts';

/** A pool and the pace of its load reports, kept by the isolate for the life of the isolate. */
export interface RegisteredPool {
  pool: ReplicaPool;
  reporting: LoadReporterState;
}

/** Pools by role and replica list. */
export type PoolRegistry = Map<string, RegisteredPool>;

const ISOLATE_POOLS: PoolRegistry = new Map();

export interface PooledBackendInputs {
  role: 'base' | 'draft';
  settings: PoolSettings;
  /** Builds one replica's adapter from its URL and the call options it must use. */
  build: (url: string, callOptions: CallOptions) => PooledReplicaModel;
  callOptions?: CallOptions | undefined;
  /** Where pools live; the isolate's registry when absent (tests pass their own). */
  registry?: PoolRegistry | undefined;
  /** Breaker and load-skip policies of a newly created pool. */
  policies?: Pick<ReplicaPoolOptions, 'breaker' | 'loadSkip'> | undefined;
  /**
   * The shared health record of a pool, by pool name (role and replica list); asked only for a
   * pool of several replicas. Absent: each isolate learns replica health on its own.
   */
  share?: ((poolName: string) => HealthShare | undefined) | undefined;
}

/** A role's adapter, and for a pool the step that adopts the shared health before a run. */
export interface PooledBackend {
  model: PooledReplicaModel;
  /** The pool; `undefined` for a single replica. */
  pool: ReplicaPool | undefined;
  /**
   * Adopts the shared breaker states and the other isolates' load, sending this isolate's (a
   * no-op without a pool or a share); never throws.
   */
  syncHealth(): Promise<void>;
}

/** A pool's name: its role and replica list. Names the isolate's pool and its ReplicaHealth object. */
export function poolNameOf(role: PooledBackendInputs['role'], settings: PoolSettings): string {
  return `${role}|${settings.replicas.map((replica) => `${replica.url} ${replica.weight}`).join(',')}`;
}

export function createPooledBackend(inputs: PooledBackendInputs): PooledBackend {
  const { settings, callOptions = {} } = inputs;
  const [only] = settings.replicas;
  if (settings.replicas.length === 1 && only !== undefined) {
    return {
      model: inputs.build(only.url, callOptions),
      pool: undefined,
      syncHealth: async () => {},
    };
  }
  const resolved = resolveCallOptions(callOptions);
  const registry = inputs.registry ?? ISOLATE_POOLS;
  const poolName = poolNameOf(inputs.role, settings);
  let registered = registry.get(poolName);
  if (registered === undefined) {
    registered = {
      pool: createReplicaPool(settings.replicas, { now: resolved.now, ...inputs.policies }),
      reporting: { reporter: crypto.randomUUID(), sentAt: undefined },
    };
    registry.set(poolName, registered);
  }
  const { pool } = registered;
  const single = { ...callOptions, retry: { ...callOptions.retry, maxRetries: 0 } };
  const models = new Map(
    pool.replicas.map((replica) => [replica.id, inputs.build(replica.url, single)]),
  );
  const share = inputs.share?.(poolName);
  const reporter =
    share === undefined
      ? undefined
      : createLoadReporter({
          pool,
          state: registered.reporting,
          share,
          now: resolved.now,
          schedule: resolved.schedule,
        });
  const model = createPooledModel({
    pool,
    models,
    operation: `${operationName(inputs.role, 'request')} (${settings.setting})`,
    retry: resolved.retry,
    sleep: resolved.sleep,
    random: resolved.random,
    onReport: share === undefined ? undefined : (report) => share.report(report),
    onCallStart: reporter?.callStarted,
  });
  return {
    model,
    pool,
    async syncHealth() {
      try {
        await reporter?.sync();
      } catch {
        // The shared record is an optimisation: without it each isolate learns on its own.
      }
    },
  };
}
