import { describe, expect, it } from 'vitest';
import {
  decodeMsPerToken,
  interpolate,
  prefillMs,
  requestCost,
  slowdownFactor,
} from './latency.ts';
import type { ModelProfile } from './profile.ts';

const linear: ModelProfile = {
  modelName: 'm',
  requestOverheadMs: 5,
  networkRttMs: 1,
  prefillFixedMs: 8,
  prefillMsPerToken: 0.09,
  decodeMsPerToken: 21.5,
  prefixCacheBlockTokens: 16,
  concurrencySlowdown: 0.05,
};

const tabled: ModelProfile = {
  ...linear,
  prefillTable: [
    [64, 12.1],
    [256, 30.5],
    [4096, 410],
  ],
  decodeTable: [
    [512, 21],
    [4096, 22.4],
  ],
};

describe('prefill cost', () => {
  it('is the fixed cost plus a per-token cost without a table', () => {
    expect(prefillMs(linear, 100)).toBeCloseTo(8 + 9, 10);
    expect(prefillMs(linear, 0)).toBe(0);
  });

  it('interpolates the table between points', () => {
    expect(prefillMs(tabled, 160)).toBeCloseTo(12.1 + (96 * (30.5 - 12.1)) / 192, 10);
  });

  it('extrapolates past the last point with the last slope', () => {
    const slope = (410 - 30.5) / (4096 - 256);
    expect(prefillMs(tabled, 8192)).toBeCloseTo(410 + 4096 * slope, 10);
  });

  it('extrapolates below the first point with the first slope, never below zero', () => {
    const slope = (30.5 - 12.1) / 192;
    expect(prefillMs(tabled, 32)).toBeCloseTo(12.1 - 32 * slope, 10);
    expect(
      prefillMs(
        {
          ...tabled,
          prefillTable: [
            [64, 1],
            [128, 100],
          ],
        },
        1,
      ),
    ).toBe(0);
  });

  it('scales a one-point table proportionally', () => {
    expect(interpolate([[100, 50]], 40)).toBe(20);
  });
});

describe('decode cost', () => {
  it('is constant without a table and follows the context length with one', () => {
    expect(decodeMsPerToken(linear, 9000)).toBe(21.5);
    expect(decodeMsPerToken(tabled, 2304)).toBeCloseTo(21.7, 10);
    expect(decodeMsPerToken(tabled, 512)).toBe(21);
  });
});

describe('concurrency', () => {
  it('slows each step by the slowdown for every other running request', () => {
    expect(slowdownFactor(linear, 1)).toBe(1);
    expect(slowdownFactor(linear, 5)).toBeCloseTo(1.2, 10);
    expect(slowdownFactor(linear, 0)).toBe(1);
  });
});

describe('request cost', () => {
  it('charges the uncached prompt to prefill and every output token after the first to decode', () => {
    const cost = requestCost(linear, 1000, 992, 11);
    expect(cost.prefillMs).toBeCloseTo(8 + 8 * 0.09, 10);
    expect(cost.decodeMs).toBeCloseTo(10 * 21.5, 10);
    expect(cost.busyMs).toBeCloseTo(cost.prefillMs + cost.decodeMs, 10);
    expect(cost.totalMs).toBeCloseTo(5 + 1 + cost.busyMs, 10);
  });

  it('has no decode step for a one-token judge call', () => {
    expect(requestCost(linear, 800, 720, 1).decodeMs).toBe(0);
  });

  it('applies the concurrency slowdown to prefill and decode alike', () => {
    const alone = requestCost(linear, 100, 0, 3);
    const shared = requestCost(linear, 100, 0, 3, 3);
    expect(shared.busyMs).toBeCloseTo(alone.busyMs * 1.1, 10);
  });
});
