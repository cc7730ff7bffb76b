/** The breaker opens on failures, lets one probe through after its wait, and closes on success. */
import { describe, expect, it } from 'vitest';
import {
  type BreakerState,
  CLOSED,
  isCallable,
  recordOutcome,
  requestCall,
} from '../../../src/adapters/pool/circuit-breaker.ts';

const POLICY = { failureThreshold: 3, openMs: 1000, maxOpenMs: 3000, probeTimeoutMs: 10_000 };
const T0 = 1_800_000_000_000;

const fail = (state: BreakerState, now = T0) => recordOutcome(state, 'failure', now, POLICY);

describe('circuit breaker', () => {
  it('stays closed below the failure threshold and a success resets the count', () => {
    const twice = fail(fail(CLOSED));
    expect(twice).toEqual({ status: 'closed', failures: 2, since: 0 });
    expect(fail(recordOutcome(twice, 'success', T0 + 5, POLICY))).toEqual({
      status: 'closed',
      failures: 1,
      since: T0 + 5,
    });
  });

  it('opens at the threshold and refuses calls until its wait is over', () => {
    const opened = fail(fail(fail(CLOSED)));
    expect(opened).toEqual({ status: 'open', openings: 1, retryAt: T0 + 1000, since: T0 });
    expect(requestCall(opened, T0 + 999, POLICY).allowed).toBe(false);
    expect(isCallable(opened, T0 + 999, POLICY)).toBe(false);
  });

  it('lets exactly one probe through once the wait is over, and closes when it succeeds', () => {
    const opened = fail(fail(fail(CLOSED)));
    const probe = requestCall(opened, T0 + 1000, POLICY);
    expect(probe).toMatchObject({ allowed: true, isProbe: true, state: { status: 'half-open' } });
    expect(requestCall(probe.state, T0 + 1001, POLICY).allowed).toBe(false);
    expect(recordOutcome(probe.state, 'success', T0 + 1200, POLICY)).toEqual({
      status: 'closed',
      failures: 0,
      since: T0 + 1200,
    });
  });

  it('reopens for twice as long when the probe fails, up to the cap', () => {
    let state: BreakerState = fail(fail(fail(CLOSED)));
    const waits: number[] = [];
    let now = T0;
    for (let round = 0; round < 4; round++) {
      now = state.status === 'open' ? state.retryAt : now;
      state = requestCall(state, now, POLICY).state;
      state = fail(state, now);
      if (state.status === 'open') waits.push(state.retryAt - now);
    }
    expect(waits).toEqual([2000, 3000, 3000, 3000]);
  });

  it('frees the probe slot when the probe never reports', () => {
    const opened = fail(fail(fail(CLOSED)));
    const probing = requestCall(opened, T0 + 1000, POLICY).state;
    expect(requestCall(probing, T0 + 1000 + 9_999, POLICY).allowed).toBe(false);
    expect(requestCall(probing, T0 + 1000 + 10_000, POLICY)).toMatchObject({
      allowed: true,
      isProbe: true,
    });
  });
});
