/**
 * Runs an async worker over items with at most `limit` in flight, taking items in order. Stops
 * taking new items once the signal aborts; items already started finish (or abort) on their own.
 */
export async function runWithConcurrency<T>(
  items: readonly T[],
  limit: number,
  worker: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`Concurrency must be a positive integer, got ${limit}`);
  }
  let next = 0;
  const lane = async () => {
    while (next < items.length && signal?.aborted !== true) {
      const item = items[next++] as T;
      await worker(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
