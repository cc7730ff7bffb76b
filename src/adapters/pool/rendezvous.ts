/**
 * Rendezvous (highest-random-weight) hashing: every replica gets a pseudo-random score for a
 * key, and the key's replicas are tried in descending score order. Adding or removing a replica
 * only moves the keys whose first choice it is (about 1/n of them), which keeps each
 * conversation on the replica that holds its prefix cache. Weighted with the logarithmic method
 * (score = weight / -ln(u)), so a replica of weight 2 wins twice as often as one of weight 1.
 * Pure and deterministic: the same key and replicas give the same order in every isolate.
 */
import { hashText } from '../../core/hash.ts';

/** Anything with a stable id and a positive weight. */
export interface WeightedReplica {
  readonly id: string;
  readonly weight: number;
}

/** The replicas ordered from the key's first choice to its last. */
export function rendezvousOrder<T extends WeightedReplica>(
  key: string,
  replicas: readonly T[],
): T[] {
  return replicas
    .map((replica) => ({ replica, score: rendezvousScore(key, replica) }))
    .sort((a, b) => b.score - a.score || (a.replica.id < b.replica.id ? -1 : 1))
    .map(({ replica }) => replica);
}

/** The replica's score for the key: larger wins. */
export function rendezvousScore(key: string, replica: WeightedReplica): number {
  const uniform = hashToUnit(`${key}\u0000${replica.id}`);
  return replica.weight / -Math.log(uniform);
}

/**
 * A uniform number strictly inside (0, 1) from 53 bits of two independent 32-bit hashes
 * (FNV-1a with different offsets, each finished with murmur3's avalanche mix).
 */
export function hashToUnit(text: string): number {
  const high = hashText(text) >>> 11; // 21 bits
  const low = hashText(text, 0x050c5d1f); // 32 bits
  return (high * 2 ** 32 + low + 0.5) / 2 ** 53;
}
