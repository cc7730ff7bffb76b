import { describe, expect, it } from 'vitest';
import { mean, median, p90, pooledSlope, quantile, ratio, slope } from './statistics.ts';

describe('benchmark statistics', () => {
  it('interpolates quantiles between order statistics and ignores non-finite values', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(p90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, Number.NaN])).toBeCloseTo(9.1);
    expect(quantile([], 0.5)).toBeUndefined();
    expect(quantile([10], 0.9)).toBe(10);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5)).toBe(5.5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 10);
    expect(mean([Number.NaN])).toBeUndefined();
  });

  it('leaves a ratio undefined rather than dividing by zero or a missing value', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(3, 0)).toBeUndefined();
    expect(ratio(undefined, 2)).toBeUndefined();
  });

  it('finds the slope of points on a line, and none when x never changes', () => {
    expect(
      slope([
        [10, 4096 + 1000],
        [20, 4096 + 2000],
        [30, 4096 + 3000],
      ]),
    ).toBeCloseTo(100);
    expect(
      slope([
        [5, 1],
        [5, 2],
      ]),
    ).toBeUndefined();
  });

  it('pools the slope of groups that sit at different levels, with a standard error from the scatter', () => {
    const low = [
      [0, 100],
      [10, 200],
      [20, 300],
    ] as const;
    const high = [
      [0, 5100],
      [10, 5200],
      [20, 5300],
    ] as const;
    expect(pooledSlope([low, high])).toEqual({ slope: 10, standardError: 0 });
    const noisy = pooledSlope([
      [
        [0, 0],
        [1, 3],
        [2, 1],
        [3, 4],
      ],
    ]);
    expect(noisy?.slope).toBeCloseTo(1);
    expect(noisy?.standardError).toBeGreaterThan(0);
    expect(
      pooledSlope([
        [
          [1, 5],
          [1, 6],
        ],
      ]),
    ).toBeUndefined();
  });
});
