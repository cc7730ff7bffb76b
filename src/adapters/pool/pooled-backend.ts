/**
 * Builds one model role from its pool settings: a single replica is its plain adapter (the
 * single-URL behaviour, retries and all, unchanged); several are one pooled model over adapters
 * that do not retry themselves. The pool's state (breakers, load, placements) lives in a
 * registry that outlives the adapters: the isolate's by default, so every Durable Object of an
 * isolate shares what its calls learnt, and a `HealthShare` carries breaker changes to other
 * isolates (src/replica-health.ts implements it with a Durable Object per pool).
 */
import { type CallOptions, resolveCallOptions } from '../call/call-options.ts';
import { operationName } from '../call/call-target.ts';
import type { PoolSettings } from './pool-settings.ts';
import { createPooledModel, type PooledReplicaModel } from './pooled-model.ts';
import {
  createReplicaPool,
  type HealthReport,
  type HealthSnapshot,
  type ReplicaPool,
  type ReplicaPoolOptions,
} from './replica-pool.ts';

/** Breaker states shared between isolates. */
export interface HealthShare {
  /** The shared states; the pool adopts them before a run. */
  pull(): Promise<HealthSnapshot>;
  /** Publishes a failure or a recovery; never awaited on the call path. */
  report(report: HealthReport): void;
}

/** Pools by role and replica list; the isolate keeps one for the life of the isolate. */
export type PoolRegistry = Map<string, ReplicaPool>;

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
  /** Adopts the shared breaker states (a no-op without a pool or a share); never throws. */
  syncHealth(): Promise<void>;
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
  const poolName = `${inputs.role}|${settings.replicas.map((replica) => `${replica.url} ${replica.weight}`).join(',')}`;
  let pool = registry.get(poolName);
  if (pool === undefined) {
    pool = createReplicaPool(settings.replicas, { now: resolved.now, ...inputs.policies });
    registry.set(poolName, pool);
  }
  const single = { ...callOptions, retry: { ...callOptions.retry, maxRetries: 0 } };
  const models = new Map(
    pool.replicas.map((replica) => [replica.id, inputs.build(replica.url, single)]),
  );
  const share = inputs.share?.(poolName);
  const model = createPooledModel({
    pool,
    models,
    operation: `${operationName(inputs.role, 'request')} (${settings.setting})`,
    retry: resolved.retry,
    sleep: resolved.sleep,
    random: resolved.random,
    onReport: share === undefined ? undefined : (report) => share.report(report),
  });
  const shared = pool;
  return {
    model,
    pool,
    async syncHealth() {
      if (share === undefined) return;
      try {
        shared.adopt(await share.pull());
      } catch {
        // The shared record is an optimisation: without it each isolate learns on its own.
      }
    },
  };
}
