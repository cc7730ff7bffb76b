import { describe, expect, it } from 'vitest';
import { createPrefixCache } from './prefix-cache.ts';

const ids = (count: number, offset = 0) =>
  Array.from({ length: count }, (_, index) => index + offset);

describe('prefix cache', () => {
  it('caches only full blocks', () => {
    const cache = createPrefixCache(16, 100);
    cache.insert(ids(40));
    expect(cache.size).toBe(2);
    expect(cache.lookup(ids(60))).toBe(32);
  });

  it('recomputes the last block when the whole prompt is cached', () => {
    const cache = createPrefixCache(16, 100);
    cache.insert(ids(48));
    expect(cache.lookup(ids(48))).toBe(32);
    expect(cache.lookup(ids(49))).toBe(48);
  });

  it('stops at the first block that differs, since each block is chained on its prefix', () => {
    const cache = createPrefixCache(16, 100);
    cache.insert(ids(64));
    const changed = ids(64);
    changed[20] = -1;
    expect(cache.lookup([...changed, 1])).toBe(16);
  });

  it('evicts the least recently used blocks past its capacity', () => {
    const cache = createPrefixCache(16, 4);
    cache.insert(ids(32, 0));
    cache.insert(ids(32, 1000));
    cache.lookup([...ids(32, 0), 7]);
    cache.insert(ids(32, 2000));
    expect(cache.size).toBe(4);
    expect(cache.lookup([...ids(32, 0), 7])).toBe(32);
    expect(cache.lookup([...ids(32, 1000), 7])).toBe(0);
  });

  it('keeps salted prompts apart', () => {
    const cache = createPrefixCache(16, 100);
    cache.insert(ids(33), 'tenant-a');
    expect(cache.lookup(ids(33), 'tenant-b')).toBe(0);
    expect(cache.lookup(ids(33), 'tenant-a')).toBe(32);
  });
});
