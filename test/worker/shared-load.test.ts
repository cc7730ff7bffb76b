/**
 * Load shared through the ReplicaHealth Durable Object: calls that two isolates keep in flight on
 * one replica steer a third isolate's new conversation to the next replica of its order. Every
 * Durable Object of a workerd test runs in one isolate, whose own pool would show those calls
 * anyway; so each isolate here is the Worker's backend builder with a registry, clock and timers
 * of its own, as the Conversation object builds it, and the only way its figures reach another is
 * the REPLICA_HEALTH namespace. Model calls never answer: what counts is where each one went.
 */
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackends } from '../../src/adapters/create-backends.ts';
import type { SharedPoolState } from '../../src/adapters/pool/health-share.ts';
import { LOAD_SEND_INTERVAL_MS } from '../../src/adapters/pool/load-reporter.ts';
import { replicaHealthShare } from '../../src/replica-health.ts';
import { createFakeScheduler, T0 } from '../adapters/helpers/fake-time.ts';
import { conversationsFirstOn, orderOf } from '../adapters/helpers/placement.ts';

const URLS = [
  'http://gpu-x.load.test/v1',
  'http://gpu-y.load.test/v1',
  'http://gpu-z.load.test/v1',
];
const [X = ''] = URLS;
const firstOnX = conversationsFirstOn(X, URLS, 8);

/** Ends the test's calls that never answer. */
let stop = new AbortController();
afterEach(() => {
  stop.abort();
  stop = new AbortController();
});

/** One isolate: its backends, the replicas its calls went to, and a way to send its load now. */
function isolate() {
  const namespace = env.REPLICA_HEALTH;
  if (namespace === undefined) throw new Error('REPLICA_HEALTH is not bound');
  const scheduler = createFakeScheduler();
  const called: string[] = [];
  const syncs: Promise<SharedPoolState>[] = [];
  const backends = createBackends({
    env: {
      BASE_URLS: URLS.join(', '),
      BASE_MODEL: 'base',
      DRAFT_PROVIDER: 'openai-compatible',
      DRAFT_URL: 'http://draft.load.test/v1',
      DRAFT_MODEL: 'draft',
    },
    fetch: (input) => {
      called.push(URLS.find((url) => String(input).startsWith(url)) ?? String(input));
      return new Promise<Response>(() => {});
    },
    pools: new Map(),
    callOptions: { now: () => T0 + scheduler.elapsedMs, schedule: scheduler.schedule },
    healthShare: (poolName) => {
      const share = replicaHealthShare(namespace, poolName, undefined);
      return {
        ...share,
        sync: (reporter, load) => {
          const sent = share.sync(reporter, load);
          syncs.push(sent);
          return sent;
        },
      };
    },
  });
  if (!('base' in backends)) throw new Error('backends not built');
  return {
    called,
    syncHealth: () => backends.syncHealth(),
    startJudging(conversation: string) {
      void backends.base
        .judge({
          messages: [],
          topLogprobs: 10,
          seed: 1,
          affinityKey: conversation,
          signal: stop.signal,
        })
        .catch(() => {});
    },
    /** Lets the load reporter's timer go off, and waits until the record has the figures. */
    async sendLoad() {
      scheduler.advance(LOAD_SEND_INTERVAL_MS);
      await Promise.all(syncs);
    },
  };
}

describe('load shared between Conversation objects', () => {
  it('starts a new conversation off a replica that two other isolates keep busy', async () => {
    const [a, b, c] = [isolate(), isolate(), isolate()];
    await Promise.all([a, b, c].map((one) => one.syncHealth()));
    const [a1, a2, a3, b1, b2, b3, stays = '', moves = ''] = firstOnX;
    for (const conversation of [a1, a2, a3]) a.startJudging(conversation ?? '');
    for (const conversation of [b1, b2, b3]) b.startJudging(conversation ?? '');
    expect([...a.called, ...b.called]).toEqual(Array(6).fill(X));

    // Three calls in flight are not far above idle replicas (at most 2 × 0 + 4): X is kept.
    await a.sendLoad();
    await c.syncHealth();
    c.startJudging(stays);
    expect(c.called).toEqual([X]);

    // Three more from B: X now has 7 calls in flight pool-wide, and C's next conversation moves.
    await b.sendLoad();
    await c.syncHealth();
    c.startJudging(moves);
    expect(c.called).toEqual([X, orderOf(moves, URLS)[1]]);
  });
});
