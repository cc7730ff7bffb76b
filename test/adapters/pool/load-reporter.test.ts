/**
 * The load reporter on a fake clock and scheduler, against a share that records what it is sent:
 * an isolate's figures leave at most once per interval, keep going while its calls run, end with
 * the figures after the last call, and the runs of one isolate keep one pace between them.
 */
import { describe, expect, it } from 'vitest';
import type { HealthShare } from '../../../src/adapters/pool/health-share.ts';
import {
  createLoadReporter,
  LOAD_SEND_INTERVAL_MS,
  type LoadReporterState,
} from '../../../src/adapters/pool/load-reporter.ts';
import { createReplicaPool } from '../../../src/adapters/pool/replica-pool.ts';
import type { LoadSnapshot } from '../../../src/adapters/pool/shared-load.ts';
import { createFakeScheduler, T0 } from '../helpers/fake-time.ts';

const X = 'http://gpu-x.test/v1';
const Y = 'http://gpu-y.test/v1';

function harness() {
  const scheduler = createFakeScheduler();
  const now = () => T0 + scheduler.elapsedMs;
  const pool = createReplicaPool(
    [X, Y].map((url) => ({ url, weight: 1 })),
    { now },
  );
  const state: LoadReporterState = { reporter: 'isolate-1', sentAt: undefined };
  const sent: { at: number; reporter: string; load: LoadSnapshot }[] = [];
  const share: HealthShare = {
    sync: async (reporter, load) => {
      sent.push({ at: now() - T0, reporter, load });
      return { health: {}, load: {} };
    },
    report: () => {},
  };
  /** A run of this isolate: its reporter, and calls on the pool as the pooled model makes them. */
  const run = () => {
    const reporter = createLoadReporter({ pool, state, share, now, schedule: scheduler.schedule });
    return {
      reporter,
      start(id: string) {
        const end = pool.begin(id);
        const ended = reporter.callStarted();
        return () => {
          end('success');
          ended();
        };
      },
    };
  };
  const inFlightSent = () => sent.map((entry) => [entry.at, entry.load[X]?.inFlight]);
  return { scheduler, sent, inFlightSent, run };
}

describe('load reporter', () => {
  it('sends the figures at most once per interval however many calls start and end', () => {
    const { scheduler, inFlightSent, run } = harness();
    const { start } = run();
    const ends = Array.from({ length: 5 }, () => start(X));
    expect(inFlightSent()).toEqual([]);
    scheduler.advance(0);
    for (const end of ends.slice(0, 3)) end();
    scheduler.advance(LOAD_SEND_INTERVAL_MS - 1);
    expect(inFlightSent()).toEqual([[0, 5]]);
    scheduler.advance(1);
    expect(inFlightSent()).toEqual([
      [0, 5],
      [LOAD_SEND_INTERVAL_MS, 2],
    ]);
  });

  it('keeps sending while calls run, then sends the figures after the last end and stops', () => {
    const { scheduler, inFlightSent, run } = harness();
    const end = run().start(X);
    scheduler.advance(3 * LOAD_SEND_INTERVAL_MS);
    end();
    scheduler.advance(10 * LOAD_SEND_INTERVAL_MS);
    expect(inFlightSent()).toEqual([
      [0, 1],
      [2000, 1],
      [4000, 1],
      [6000, 1],
      [8000, 0],
    ]);
    expect(scheduler.pendingCount).toBe(0);
  });

  it('waits out the interval after a run’s opening sync before sending again', async () => {
    const { scheduler, inFlightSent, run } = harness();
    const { reporter, start } = run();
    await reporter.sync();
    start(X);
    scheduler.advance(LOAD_SEND_INTERVAL_MS - 1);
    expect(inFlightSent()).toEqual([[0, 0]]);
    scheduler.advance(1);
    expect(inFlightSent()).toEqual([
      [0, 0],
      [2000, 1],
    ]);
  });

  it('keeps one pace for all the runs of an isolate, under one reporter name', () => {
    const { scheduler, sent, run } = harness();
    run().start(X);
    scheduler.advance(500);
    run().start(Y);
    scheduler.advance(5 * LOAD_SEND_INTERVAL_MS - 500);
    expect(sent.map((entry) => entry.at)).toEqual([0, 2000, 4000, 6000, 8000, 10_000]);
    expect(new Set(sent.map((entry) => entry.reporter))).toEqual(new Set(['isolate-1']));
    expect(sent.at(-1)?.load).toMatchObject({ [X]: { inFlight: 1 }, [Y]: { inFlight: 1 } });
  });
});
