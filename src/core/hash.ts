/**
 * The project's one string hash: FNV-1a over the text's UTF-16 code units, finished with
 * murmur3's avalanche mix (FNV alone leaves the low bits weak). Stable across runs, processes and
 * platforms. Core derives per-call seeds from it; the replica pools and the simulator use it too.
 */

/** FNV-1a's standard 32-bit offset basis. */
const FNV_OFFSET = 0x811c9dc5;

/** An unsigned 32-bit hash of the text; another `offset` gives an independent hash. */
export function hashText(text: string, offset = FNV_OFFSET): number {
  let hash = offset;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
