/**
 * One model's prefix cache, as vLLM's automatic prefix caching behaves: only full blocks are
 * cached, each block keyed by a hash chained on everything before it (and on `cache_salt`); a
 * lookup never covers the last prompt token, so a full hit still recomputes the last block; and
 * the least recently used blocks are evicted past the capacity.
 */
import { hashParts } from './rng.ts';

/** The prefix cache of one model. */
export interface PrefixCache {
  /** Prompt tokens served from the cache for `tokenIds` (a multiple of the block size). */
  lookup(tokenIds: readonly number[], salt?: string): number;
  /** Records every full block of `tokenIds` (prompt plus output) as cached and recently used. */
  insert(tokenIds: readonly number[], salt?: string): void;
  /** Forgets everything. */
  clear(): void;
  /** Blocks currently held. */
  readonly size: number;
  /** Blocks it holds at most (past this, the least recently used are evicted). */
  readonly capacityBlocks: number;
}

/** A cache of `capacityBlocks` blocks of `blockTokens` tokens. */
export function createPrefixCache(blockTokens: number, capacityBlocks: number): PrefixCache {
  // A Map iterates in insertion order, so deleting and re-adding a key marks it most recent.
  const blocks = new Map<number, true>();
  const blockHashes = (tokenIds: readonly number[], salt: string | undefined, limit: number) => {
    const hashes: number[] = [];
    let previous = hashParts('salt', salt ?? '');
    for (let block = 0; block < limit; block += 1) {
      const start = block * blockTokens;
      previous = hashParts(previous, ...tokenIds.slice(start, start + blockTokens));
      hashes.push(previous);
    }
    return hashes;
  };
  return {
    lookup(tokenIds, salt) {
      // vLLM caps the hit at num_tokens - 1: the last token's logits must be computed.
      const limit = Math.floor(Math.max(tokenIds.length - 1, 0) / blockTokens);
      let hits = 0;
      for (const hash of blockHashes(tokenIds, salt, limit)) {
        if (!blocks.has(hash)) break;
        blocks.delete(hash);
        blocks.set(hash, true);
        hits += 1;
      }
      return hits * blockTokens;
    },
    insert(tokenIds, salt) {
      for (const hash of blockHashes(tokenIds, salt, Math.floor(tokenIds.length / blockTokens))) {
        blocks.delete(hash);
        blocks.set(hash, true);
      }
      while (blocks.size > capacityBlocks) {
        const oldest = blocks.keys().next().value;
        if (oldest === undefined) break;
        blocks.delete(oldest);
      }
    },
    clear() {
      blocks.clear();
    },
    get size() {
      return blocks.size;
    },
    capacityBlocks,
  };
}
