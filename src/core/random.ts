/**
 * The project's one seeded generator (mulberry32): the same seed gives the same sequence on
 * every platform. Core shuffles choices with it; the simulator, the evaluation harness and the
 * tests draw their "random" moments from it, so a run repeats for the same seed.
 */

/** Floats in [0, 1) from a 32-bit seed. */
export function seededRandom(seed: number): () => number {
  let value = seed >>> 0;
  return () => {
    value = (value + 0x6d2b79f5) >>> 0;
    let mixed = value;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
