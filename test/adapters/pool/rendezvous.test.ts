/** Rendezvous hashing: deterministic, balanced by weight, and minimally disrupted by a removal. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashToUnit, rendezvousOrder } from '../../../src/adapters/pool/rendezvous.ts';

const replicas = (count: number, weight = () => 1) =>
  Array.from({ length: count }, (_, index) => ({
    id: `http://gpu-${index}.test/v1`,
    weight: weight(),
  }));
const conversations = (count: number) =>
  Array.from({ length: count }, (_, index) => `conv_${index}`);
const firstChoice = (key: string, pool: readonly { id: string; weight: number }[]) =>
  rendezvousOrder(key, pool)[0]?.id;

describe('rendezvous order', () => {
  it('gives every key the same order whatever order the replicas are listed in', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 9 }), (key, count) => {
        const pool = replicas(count);
        const order = rendezvousOrder(key, pool).map((r) => r.id);
        expect(rendezvousOrder(key, [...pool].reverse()).map((r) => r.id)).toEqual(order);
        expect(rendezvousOrder(key, pool).map((r) => r.id)).toEqual(order);
        expect(new Set(order).size).toBe(count);
      }),
      { seed: 15_0002, numRuns: 300 },
    );
  });

  it('moves only the removed replica’s conversations, about 1/n of them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8 }), fc.nat(), (count, removedSeed) => {
        const pool = replicas(count);
        const removed = pool[removedSeed % count]?.id;
        const smaller = pool.filter((r) => r.id !== removed);
        const keys = conversations(2000);
        let moved = 0;
        for (const key of keys) {
          const before = firstChoice(key, pool);
          const after = firstChoice(key, smaller);
          if (before !== after) {
            moved++;
            // Only conversations that were on the removed replica may move.
            expect(before).toBe(removed);
            // They go to their second choice, so a replica coming back restores them.
            expect(after).toBe(rendezvousOrder(key, pool)[1]?.id);
          }
        }
        expect(moved / keys.length).toBeGreaterThan(0.6 / count);
        expect(moved / keys.length).toBeLessThan(1.4 / count);
      }),
      { seed: 15_0003, numRuns: 40 },
    );
  });

  it('shares conversations in proportion to the weights', () => {
    const pool = [
      { id: 'http://big.test/v1', weight: 3 },
      { id: 'http://small.test/v1', weight: 1 },
    ];
    const keys = conversations(8000);
    const onBig = keys.filter((key) => firstChoice(key, pool) === 'http://big.test/v1').length;
    expect(onBig / keys.length).toBeGreaterThan(0.72);
    expect(onBig / keys.length).toBeLessThan(0.78);
  });

  it('hashes into the open unit interval', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const value = hashToUnit(text);
        expect(value).toBeGreaterThan(0);
        expect(value).toBeLessThan(1);
      }),
      { seed: 15_0004, numRuns: 500 },
    );
  });
});
