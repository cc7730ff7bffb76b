/** New conversations skip a replica whose load is far above the others'. */
import { describe, expect, it } from 'vitest';
import { firstNotOverloaded, isFarAbove } from '../../../src/adapters/pool/load-skip.ts';

const load = (inFlight: number, latencyMs?: number) => ({ inFlight, latencyMs });

describe('load-aware skipping', () => {
  it('skips a replica with far more calls in flight than the others', () => {
    const loads = new Map([
      ['a', load(20)],
      ['b', load(3)],
      ['c', load(2)],
    ]);
    expect(firstNotOverloaded(['a', 'b', 'c'], (id) => loads.get(id) ?? load(0))).toBe('b');
  });

  it('counts in-flight calls as far above only past twice the others’ median plus four', () => {
    expect(isFarAbove(load(5), [load(1), load(0)])).toBe(false);
    expect(isFarAbove(load(7), [load(1), load(2)])).toBe(false);
    expect(isFarAbove(load(8), [load(1), load(2)])).toBe(true);
  });

  it('skips a replica whose recent latency is far above the others', () => {
    expect(isFarAbove(load(0, 900), [load(0, 200), load(0, 250)])).toBe(true);
    expect(isFarAbove(load(0, 500), [load(0, 200), load(0, 250)])).toBe(false);
    expect(isFarAbove(load(0, 900), [load(0), load(0)])).toBe(false);
  });

  it('keeps the first choice when every candidate is overloaded or alone', () => {
    expect(firstNotOverloaded(['only'], () => load(100, 10_000))).toBe('only');
    expect(firstNotOverloaded([], () => load(0))).toBeUndefined();
  });
});
