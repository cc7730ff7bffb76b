/**
 * Several replicas of the simulated servers in one process: each replica is a whole simulator
 * (its own prefix caches, GPU concurrency, fault book and `/sim/stats`) on its own port, as a
 * pool of GPU servers behind `BASE_URLS` would be. `kill` stops one the way a crashed server
 * stops: open connections are cut mid-stream and new ones are refused. The replicas share the
 * profile and clock; nothing else.
 */
import type { SimulatorConfig } from './config.ts';
import { type Clock, systemClock } from './engine.ts';
import { createSimulator, type Simulator } from './server.ts';

export interface ReplicaSet {
  /** The replicas, in port order. */
  readonly replicas: readonly Simulator[];
  /** Starts every replica; resolves to their root URLs (`http://host:port`), in order. */
  listen(): Promise<string[]>;
  /** The root URLs once listening. */
  readonly urls: readonly string[];
  /** Whether replica `index` has been killed. */
  isKilled(index: number): boolean;
  /** Cuts replica `index`'s connections and stops it accepting new ones. */
  kill(index: number): Promise<void>;
  /** Stops every replica still running. */
  close(): Promise<void>;
}

/**
 * `count` replicas of `config`. With a fixed `config.port`, replica i listens on port + i; with
 * port 0 each gets a free port.
 */
export function createReplicaSet(
  config: SimulatorConfig,
  count: number,
  clock: Clock = systemClock,
): ReplicaSet {
  if (!Number.isInteger(count) || count < 1) {
    throw new TypeError(
      `A replica set needs a whole number of replicas, at least 1 (got ${count})`,
    );
  }
  const replicas = Array.from({ length: count }, (_, index) =>
    createSimulator({ ...config, port: config.port === 0 ? 0 : config.port + index }, clock),
  );
  const killed = new Set<number>();
  const urls: string[] = [];
  const replicaAt = (index: number): Simulator => {
    const replica = replicas[index];
    if (replica === undefined) throw new RangeError(`No replica ${index} (there are ${count})`);
    return replica;
  };
  return {
    replicas,
    urls,
    async listen() {
      urls.splice(
        0,
        urls.length,
        ...(await Promise.all(replicas.map((replica) => replica.listen()))),
      );
      return [...urls];
    },
    isKilled: (index) => killed.has(index),
    async kill(index) {
      const replica = replicaAt(index);
      if (killed.has(index)) return;
      killed.add(index);
      await replica.close();
    },
    async close() {
      await Promise.all(
        replicas.map((replica, index) => (killed.has(index) ? undefined : replica.close())),
      );
      for (let index = 0; index < count; index++) killed.add(index);
    },
  };
}
