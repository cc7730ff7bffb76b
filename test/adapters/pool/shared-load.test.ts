/**
 * The shared record's load board on a fake clock: every isolate's figures add up for the others,
 * the asker is left out (it counts itself live), and a silent reporter drops out after the TTL.
 */
import { describe, expect, it } from 'vitest';
import {
  LOAD_TTL_MS,
  type LoadBoard,
  othersLoad,
  recordLoad,
  withOthers,
} from '../../../src/adapters/pool/shared-load.ts';

const T0 = Date.UTC(2026, 11, 3, 12, 0, 0);
const X = 'http://gpu-x.test/v1';
const Y = 'http://gpu-y.test/v1';
const load = (inFlight: number, latencyMs?: number) => ({ inFlight, latencyMs });

function board(
  ...reports: [reporter: string, at: number, figures: Record<string, ReturnType<typeof load>>][]
) {
  return reports.reduce<LoadBoard>(
    (current, [reporter, at, figures]) => recordLoad(current, reporter, figures, at),
    new Map(),
  );
}

describe('shared load', () => {
  it('adds up the in-flight calls of every other reporter, leaving the asker out', () => {
    const reports = board(
      ['a', T0, { [X]: load(3), [Y]: load(1) }],
      ['b', T0, { [X]: load(4), [Y]: load(0) }],
      ['c', T0, { [X]: load(9), [Y]: load(9) }],
    );
    expect(othersLoad(reports, 'c', T0)).toEqual({
      [X]: { inFlight: 7, latencyMsSum: 0, latencyCount: 0 },
      [Y]: { inFlight: 1, latencyMsSum: 0, latencyCount: 0 },
    });
  });

  it('keeps only the latest figures of each reporter', () => {
    const reports = board(['a', T0, { [X]: load(8) }], ['a', T0 + 500, { [X]: load(2) }]);
    expect(othersLoad(reports, 'asker', T0 + 500)[X]?.inFlight).toBe(2);
  });

  it('stops counting a reporter silent for the TTL, as when its isolate crashed mid-call', () => {
    const reports = board(
      ['crashed', T0, { [X]: load(20) }],
      ['alive', T0 + 6_000, { [X]: load(1) }],
    );
    expect(othersLoad(reports, 'asker', T0 + LOAD_TTL_MS - 1)[X]?.inFlight).toBe(21);
    expect(othersLoad(reports, 'asker', T0 + LOAD_TTL_MS)[X]?.inFlight).toBe(1);
  });

  it('forgets reporters past the TTL when another reports, so the board stays small', () => {
    const reports = board(
      ['old', T0, { [X]: load(1) }],
      ['new', T0 + LOAD_TTL_MS, { [X]: load(1) }],
    );
    expect([...reports.keys()]).toEqual(['new']);
  });

  it('averages latency over the reporters that measured one, this isolate included', () => {
    const reports = board(
      ['a', T0, { [X]: load(0, 200) }],
      ['b', T0, { [X]: load(0, 400) }],
      ['c', T0, { [X]: load(0) }],
    );
    const others = othersLoad(reports, 'me', T0)[X];
    expect(others).toEqual({ inFlight: 0, latencyMsSum: 600, latencyCount: 2 });
    expect(withOthers(load(2, 900), others)).toEqual(load(2, 500));
    expect(withOthers(load(2), others)).toEqual(load(2, 300));
    expect(withOthers(load(2), { inFlight: 5, latencyMsSum: 0, latencyCount: 0 })).toEqual(load(7));
  });

  it('leaves this isolate’s figures alone when no other reporter knows the replica', () => {
    expect(withOthers(load(3, 120), undefined)).toEqual(load(3, 120));
  });
});
