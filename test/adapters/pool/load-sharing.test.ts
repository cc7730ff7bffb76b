/**
 * A pooled backend with a fake shared record: a new conversation is placed by the load of every
 * isolate while the shared totals are fresh (from the run's opening sync or a reply to a report
 * sent while calls run), by this isolate's own figures once they are stale, and no model call
 * ever waits for the record.
 */
import { describe, expect, it } from 'vitest';
import type { HealthShare } from '../../../src/adapters/pool/health-share.ts';
import { SHARED_LOAD_FRESH_MS } from '../../../src/adapters/pool/replica-pool.ts';
import type { LoadSnapshot, LoadTotals } from '../../../src/adapters/pool/shared-load.ts';
import { judged } from '../../fakes/fake-models.ts';
import { createFakeScheduler } from '../helpers/fake-time.ts';
import { conversationsFirstOn, orderOf as orderOfAmong } from '../helpers/placement.ts';
import { pooledIsolate } from '../helpers/pooled-isolate.ts';

const URLS = ['http://gpu-0.test/v1', 'http://gpu-1.test/v1', 'http://gpu-2.test/v1'];
const [BUSY = ''] = URLS;
/** Other isolates have six calls in flight on BUSY: far above the idle others (> 2 × 0 + 4). */
const BUSY_ELSEWHERE: LoadTotals = {
  [BUSY]: { inFlight: 6, latencyMsSum: 0, latencyCount: 0 },
};

const orderOf = (conversation: string) => orderOfAmong(conversation, URLS);
const firstOnBusy = conversationsFirstOn(BUSY, URLS, 2);

/** `answers` gives each sync's reply in turn; past its end, syncs never settle (record lost). */
function harness(answers: LoadTotals[]) {
  const scheduler = createFakeScheduler();
  const calls: string[] = [];
  const sent: LoadSnapshot[] = [];
  const share: HealthShare = {
    sync: (_reporter, load) => {
      const answer = answers[sent.length];
      sent.push(load);
      return answer === undefined
        ? new Promise(() => {})
        : Promise.resolve({ health: {}, load: answer });
    },
    report: () => {},
  };
  const { backend, judge } = pooledIsolate({
    urls: URLS,
    share,
    scheduler,
    judge: (url) => {
      calls.push(url);
      return judged(7);
    },
  });
  return { backend, scheduler, calls, sent, judge };
}

describe('load shared between isolates', () => {
  it('places a new conversation away from a replica other isolates keep busy', async () => {
    const [before = '', after = ''] = firstOnBusy;
    const { backend, calls, judge } = harness([BUSY_ELSEWHERE]);
    await judge(before);
    await backend.syncHealth();
    await judge(after);
    expect(calls).toEqual([BUSY, orderOf(after)[1]]);
  });

  it('adopts the totals that a report sent while calls run brings back', async () => {
    const [conversation = ''] = firstOnBusy;
    const { backend, scheduler, calls, sent, judge } = harness([{}, BUSY_ELSEWHERE]);
    await backend.syncHealth();
    await judge('conv_warm');
    scheduler.advance(2_000);
    await Promise.resolve();
    expect(sent).toHaveLength(2);
    await judge(conversation);
    expect(calls.at(-1)).toBe(orderOf(conversation)[1]);
  });

  it('places by its own figures once the shared totals are stale, never waiting for the record', async () => {
    const [fresh = '', stale = ''] = firstOnBusy;
    const { backend, scheduler, calls, sent, judge } = harness([BUSY_ELSEWHERE]);
    await backend.syncHealth();
    await judge(fresh);
    scheduler.advance(SHARED_LOAD_FRESH_MS + 1);
    await judge(stale);
    expect(sent.length).toBeGreaterThan(1);
    expect(calls).toEqual([orderOf(fresh)[1], BUSY]);
  });
});
