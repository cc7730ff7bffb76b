/**
 * Merging the shared record's breakers into an isolate's, and folding reports into the record:
 * a remote opening is adopted mid-run, a stale reply never undoes newer local knowledge, a probe
 * that succeeded elsewhere closes the local breaker, a local probe stays local, and the result
 * neither changes when a reply is merged twice nor depends on the order replies arrive in.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BreakerState,
  CLOSED,
  type SettledBreaker,
} from '../../../src/adapters/pool/circuit-breaker.ts';
import { createReplicaPool } from '../../../src/adapters/pool/replica-pool.ts';
import {
  type HealthReport,
  mergeBreaker,
  recordReport,
} from '../../../src/adapters/pool/shared-breaker.ts';

const POLICY = { failureThreshold: 3, openMs: 1000, maxOpenMs: 8000, probeTimeoutMs: 10_000 };
const T0 = Date.UTC(2026, 11, 3, 14, 0, 0);
const X = 'http://gpu-x.test/v1';

const closed = (since: number, failures = 0): SettledBreaker => ({
  status: 'closed',
  failures,
  since,
});
const opened = (since: number, openings = 1): SettledBreaker => ({
  status: 'open',
  openings,
  retryAt: since + 1000 * 2 ** (openings - 1),
  since,
});
const probing = (since: number, probeStartedAt: number): BreakerState => ({
  status: 'half-open',
  openings: 1,
  probeStartedAt,
  since,
});
const report = (outcome: 'success' | 'failure', at: number, probe = false): HealthReport => ({
  id: X,
  outcome,
  at,
  probe,
});
const fold = (reports: readonly HealthReport[], from: SettledBreaker = CLOSED) =>
  reports.reduce((record, next) => recordReport(record, next, POLICY), from);

describe('merging a shared breaker into a local one', () => {
  it('adopts an opening from another isolate while its own breaker is closed', () => {
    expect(mergeBreaker(CLOSED, opened(T0))).toEqual(opened(T0));
  });

  it('adopts it even after a local failure that came later: a failure is no news of recovery', () => {
    expect(mergeBreaker(closed(0, 1), opened(T0))).toEqual(opened(T0));
  });

  it('keeps a local opening when the reply still shows the replica closed from before it', () => {
    expect(mergeBreaker(opened(T0 + 100), closed(T0 + 50))).toEqual(opened(T0 + 100));
  });

  it('closes a local opening when a probe elsewhere succeeded after it', () => {
    expect(mergeBreaker(opened(T0 + 100), closed(T0 + 6000))).toEqual(closed(T0 + 6000));
  });

  it('does not reopen a breaker that a local probe closed after the reply’s opening', () => {
    expect(mergeBreaker(closed(T0 + 5000), opened(T0 + 1000))).toEqual(closed(T0 + 5000));
  });

  it('adopts a reopening that is newer than its own opening (a probe failed elsewhere)', () => {
    expect(mergeBreaker(opened(T0), opened(T0 + 1000, 2))).toEqual(opened(T0 + 1000, 2));
  });

  it('leaves a local probe alone until it reports, whatever the reply says', () => {
    const local = probing(T0, T0 + 1000);
    expect(mergeBreaker(local, opened(T0 + 1500, 2))).toBe(local);
    expect(mergeBreaker(local, closed(T0 + 1500))).toBe(local);
  });

  it('counts the failures other isolates reported towards opening', () => {
    expect(mergeBreaker(closed(0, 1), closed(0, 2))).toEqual(closed(0, 2));
  });
});

describe('the shared record folding reports', () => {
  it('opens after three consecutive failures from any isolates, timed by the third', () => {
    const record = fold([
      report('failure', T0),
      report('failure', T0 + 5),
      report('failure', T0 + 9),
    ]);
    expect(record).toEqual(opened(T0 + 9));
  });

  it('ignores a success from before the opening and closes on one after it', () => {
    const open = opened(T0);
    expect(fold([report('success', T0 - 1)], open)).toEqual(open);
    expect(fold([report('success', T0 + 1)], open)).toEqual(closed(T0 + 1));
  });

  it('reopens for twice as long when a probe fails, once for concurrent probes of one opening', () => {
    const reopened = fold([report('failure', T0 + 1000, true)], opened(T0));
    expect(reopened).toEqual(opened(T0 + 1000, 2));
    expect(fold([report('failure', T0 + 1200, true)], reopened)).toEqual(reopened);
  });

  it('ignores a failure from before the last recovery', () => {
    expect(fold([report('failure', T0 - 1)], closed(T0))).toEqual(closed(T0));
  });
});

const settled: fc.Arbitrary<SettledBreaker> = fc.oneof(
  fc.record({
    status: fc.constant('closed' as const),
    failures: fc.integer({ min: 0, max: 2 }),
    since: fc.integer({ min: 0, max: 20 }),
  }),
  fc.record({
    status: fc.constant('open' as const),
    openings: fc.integer({ min: 1, max: 3 }),
    retryAt: fc.integer({ min: 0, max: 40 }),
    since: fc.integer({ min: 0, max: 20 }),
  }),
);
const local: fc.Arbitrary<BreakerState> = fc.oneof(
  settled,
  fc.record({
    status: fc.constant('half-open' as const),
    openings: fc.integer({ min: 1, max: 3 }),
    probeStartedAt: fc.integer({ min: 0, max: 40 }),
    since: fc.integer({ min: 0, max: 20 }),
  }),
);
/** Replies, and the same replies in another order. */
const replies = fc
  .array(settled, { maxLength: 6 })
  .chain((list) =>
    fc.tuple(
      fc.constant(list),
      fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }),
    ),
  );
const mergeAll = (state: BreakerState, list: readonly SettledBreaker[]) =>
  list.reduce(mergeBreaker, state);

describe('merge properties', () => {
  it('changes nothing when the same reply is merged again', () => {
    fc.assert(
      fc.property(local, settled, (state, remote) => {
        const once = mergeBreaker(state, remote);
        expect(mergeBreaker(once, remote)).toEqual(once);
      }),
    );
  });

  it('ends in the same state whatever order the replies arrive in', () => {
    fc.assert(
      fc.property(local, replies, (state, [arrived, reordered]) => {
        expect(mergeAll(state, reordered)).toEqual(mergeAll(state, arrived));
      }),
    );
  });

  it('never lets a reply older than the local state change it', () => {
    fc.assert(
      fc.property(local, settled, (state, remote) => {
        fc.pre(remote.since < state.since);
        expect(mergeBreaker(state, remote)).toBe(state);
      }),
    );
  });

  it('gives an isolate back its own breaker when the record holds only its reports', () => {
    const steps = fc.array(
      fc.record({ waitMs: fc.integer({ min: 0, max: 3000 }), fails: fc.boolean() }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(steps, (script) => {
        let now = T0;
        const pool = createReplicaPool([{ url: X, weight: 1 }], {
          now: () => now,
          breaker: POLICY,
        });
        let record = CLOSED;
        for (const step of script) {
          now += step.waitMs;
          if (pool.acquire('conv', new Set()) === undefined) continue;
          const sent = pool.begin(X)(step.fails ? 'failure' : 'success');
          if (sent !== undefined) record = recordReport(record, sent, POLICY);
          expect(pool.health()[X]).toEqual(record);
          pool.adopt({ [X]: record });
          expect(pool.health()[X]).toEqual(record);
        }
      }),
    );
  });
});
