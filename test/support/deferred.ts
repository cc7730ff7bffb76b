/**
 * A promise with its resolver exposed, so a test decides when something happens instead of
 * sleeping. Runs in Node and in workerd.
 */

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
