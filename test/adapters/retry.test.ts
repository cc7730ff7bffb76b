import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../src/adapters/call/retry.ts';
import { retryAfterMsFromHeaders } from '../../src/adapters/call/retry-after.ts';
import { T0 } from './helpers/fake-time.ts';

const POLICY = { maxRetries: 3, initialDelayMs: 1000, maxDelayMs: 6000 };

describe('retryAfterMsFromHeaders', () => {
  it('reads retry-after in seconds', () => {
    expect(retryAfterMsFromHeaders(new Headers({ 'retry-after': '5' }), T0)).toBe(5000);
    expect(retryAfterMsFromHeaders(new Headers({ 'retry-after': '0.5' }), T0)).toBe(500);
  });

  it('reads retry-after as an HTTP date relative to now', () => {
    const date = new Date(T0 + 12_000).toUTCString();
    expect(retryAfterMsFromHeaders(new Headers({ 'retry-after': date }), T0)).toBe(12_000);
    const past = new Date(T0 - 5_000).toUTCString();
    expect(retryAfterMsFromHeaders(new Headers({ 'retry-after': past }), T0)).toBe(0);
  });

  it('prefers retry-after-ms, and ignores values it cannot read', () => {
    const both = new Headers({ 'retry-after-ms': '250.5', 'retry-after': '9' });
    expect(retryAfterMsFromHeaders(both, T0)).toBe(250.5);
    expect(retryAfterMsFromHeaders(new Headers({ 'retry-after': 'soon' }), T0)).toBeUndefined();
    expect(retryAfterMsFromHeaders(new Headers({ 'retry-after-ms': '-3' }), T0)).toBeUndefined();
    expect(retryAfterMsFromHeaders(new Headers(), T0)).toBeUndefined();
  });
});

describe('retryDelayMs', () => {
  it('doubles per retry, up to the maximum, jittered within the upper half', () => {
    expect([0, 1, 2, 3].map((index) => retryDelayMs(POLICY, index, () => 0, undefined))).toEqual([
      500, 1000, 2000, 3000,
    ]);
    expect([0, 1, 2, 3].map((index) => retryDelayMs(POLICY, index, () => 1, undefined))).toEqual([
      1000, 2000, 4000, 6000,
    ]);
  });

  it('waits exactly as long as the server asked when it asked', () => {
    expect(retryDelayMs(POLICY, 0, () => 0.5, 7000)).toBe(7000);
  });
});
