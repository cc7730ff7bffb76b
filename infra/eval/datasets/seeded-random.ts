/**
 * Deterministic randomness for the harness: a string hash and a Fisher–Yates shuffle over the
 * project's seeded generator (src/core/random.ts). The same seed and key always give the same
 * order on every platform.
 */
import { seededRandom } from '../../../src/core/random.ts';

/** FNV-1a over the UTF-16 code units of `text`, as an unsigned 32-bit integer. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * A shuffled copy of `items`. The order depends on `seed` and `key` only (not on which other
 * items were shuffled before), so a subset of a dataset shuffles each question the same way.
 */
export function seededShuffle<T>(items: readonly T[], seed: number, key: string): T[] {
  const random = seededRandom(hashString(`${seed}:${key}`));
  const shuffled = [...items];
  for (let index = shuffled.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    const held = shuffled[index] as T;
    shuffled[index] = shuffled[other] as T;
    shuffled[other] = held;
  }
  return shuffled;
}
