/**
 * Two isolates' pooled backends over one shared record (the real record reducer behind a fake
 * share): when one isolate's calls open a hung replica's breaker, another isolate already
 * mid-run learns it from its next timed reply and sends its next call for a conversation homed
 * there straight to the next replica, without paying a failed attempt of its own.
 */
import { describe, expect, it } from 'vitest';
import {
  CLOSED,
  DEFAULT_BREAKER_POLICY,
  type SettledBreaker,
} from '../../../src/adapters/pool/circuit-breaker.ts';
import type { HealthShare } from '../../../src/adapters/pool/health-share.ts';
import { LOAD_SEND_INTERVAL_MS } from '../../../src/adapters/pool/load-reporter.ts';
import { recordReport } from '../../../src/adapters/pool/shared-breaker.ts';
import { ModelCallError } from '../../../src/core/errors.ts';
import { judged } from '../../fakes/fake-models.ts';
import { deferred } from '../../support/deferred.ts';
import { createFakeScheduler, type FakeScheduler, settle } from '../helpers/fake-time.ts';
import { conversationsFirstOn, orderOf } from '../helpers/placement.ts';
import { pooledIsolate } from '../helpers/pooled-isolate.ts';

const URLS = ['http://gpu-x.test/v1', 'http://gpu-y.test/v1', 'http://gpu-z.test/v1'];
const [HUNG = '', BUSY = ''] = URLS;
const homedOnHung = conversationsFirstOn(HUNG, URLS, 4);
const [longConversation = ''] = conversationsFirstOn(BUSY, URLS, 1);

const timedOut = () =>
  new ModelCallError({
    code: 'timeout',
    message: 'Base model request sent no first token within 60 s',
    isRetryable: true,
  });

/** The pool's record as the ReplicaHealth object keeps it: breakers folded from reports. */
function sharedRecord(): HealthShare {
  const breakers = new Map<string, SettledBreaker>();
  return {
    sync: async () => ({ health: Object.fromEntries(breakers), load: {} }),
    report: (report) => {
      const before = breakers.get(report.id) ?? CLOSED;
      breakers.set(report.id, recordReport(before, report, DEFAULT_BREAKER_POLICY));
    },
  };
}

/** One isolate: its own pools, the test's clock; judge calls to HUNG time out. */
function isolate(share: HealthShare, scheduler: FakeScheduler) {
  const called: string[] = [];
  const long = deferred();
  const { backend, judge } = pooledIsolate({
    urls: URLS,
    share,
    scheduler,
    judge: async (url, request) => {
      called.push(url);
      if (url === HUNG) return timedOut();
      if (request.affinityKey === longConversation) await long.promise;
      return judged(7);
    },
  });
  return { backend, called, judge, endLongCall: () => long.resolve() };
}

describe('breakers shared between isolates mid-run', () => {
  it('skips a replica another isolate opened once the next timed reply arrives, without trying it', async () => {
    const scheduler = createFakeScheduler();
    const share = sharedRecord();
    const first = isolate(share, scheduler);
    const second = isolate(share, scheduler);
    await first.backend.syncHealth();
    await second.backend.syncHealth();
    const running = second.judge(longConversation);

    const [a = '', b = '', c = '', next = ''] = homedOnHung;
    for (const conversation of [a, b, c]) await first.judge(conversation);
    expect(first.called.filter((url) => url === HUNG)).toHaveLength(3);

    scheduler.advance(LOAD_SEND_INTERVAL_MS);
    await settle();
    second.called.length = 0;
    await second.judge(next);
    expect(second.called).toEqual([orderOf(next, URLS)[1]]);

    second.endLongCall();
    await running;
  });
});
