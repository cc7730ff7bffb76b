import { describe, expect, it } from 'vitest';
import { mean, median, p90, quantile, ratio, slope } from './statistics.ts';

describe('benchmark statistics', () => {
  it('interpolates quantiles between order statistics and ignores non-finite values', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(p90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, Number.NaN])).toBeCloseTo(9.1);
    expect(quantile([], 0.5)).toBeUndefined();
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
});
