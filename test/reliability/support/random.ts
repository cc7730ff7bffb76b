/** A small seeded generator (mulberry32), so "random" moments repeat for the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** A promise with its resolver, for waiting on something another callback observes. */
export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  /** Whether `resolve` has been called. */
  readonly settled: boolean;
}

export function deferred<T = void>(): Deferred<T> {
  let settle!: (value: T) => void;
  let settled = false;
  const promise = new Promise<T>((resolve) => {
    settle = resolve;
  });
  return {
    promise,
    resolve: (value) => {
      settled = true;
      settle(value);
    },
    get settled() {
      return settled;
    },
  };
}
