/**
 * The ReplicaHealth Durable Object shares one pool's breakers: failures reported by any
 * conversation open the replica's breaker for every reader, timed by when the calls ended, and a
 * later success closes it again while a success from before the opening does not.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { HealthShare } from '../../src/adapters/pool/health-share.ts';
import { replicaHealthShare } from '../../src/replica-health.ts';

const REPLICA = 'http://gpu-a.test/v1';
const T0 = Date.UTC(2026, 11, 3, 12, 0, 0);
const outcome = (kind: 'success' | 'failure', at: number) =>
  ({ id: REPLICA, outcome: kind, at, probe: false }) as const;
/** The breakers a sync with no load figures answers with. */
const healthOf = async (share: HealthShare, reporter: string) =>
  (await share.sync(reporter, {})).health;

describe('the shared replica health', () => {
  it('opens a replica’s breaker after three reported failures, timed by the calls, and closes it on a later success only', async () => {
    const namespace = env.REPLICA_HEALTH;
    if (namespace === undefined) throw new Error('REPLICA_HEALTH is not bound');
    const first = replicaHealthShare(namespace, 'base|test-pool', undefined);
    const second = replicaHealthShare(namespace, 'base|test-pool', undefined);
    const stub = namespace.getByName('base|test-pool');
    for (let failure = 0; failure < 3; failure++) {
      await stub.report(outcome('failure', T0 + failure));
    }
    const opened = { status: 'open', openings: 1, retryAt: T0 + 2 + 5_000, since: T0 + 2 };
    expect((await healthOf(first, 'first'))[REPLICA]).toEqual(opened);
    await stub.report(outcome('success', T0 + 1));
    expect((await healthOf(second, 'second'))[REPLICA]).toEqual(opened);
    await stub.report(outcome('success', T0 + 3));
    expect((await healthOf(second, 'second'))[REPLICA]).toEqual({
      status: 'closed',
      failures: 0,
      since: T0 + 3,
    });
  });

  it('keeps pools apart', async () => {
    const namespace = env.REPLICA_HEALTH;
    if (namespace === undefined) throw new Error('REPLICA_HEALTH is not bound');
    await namespace.getByName('base|pool-a').report(outcome('failure', T0));
    expect(
      await replicaHealthShare(namespace, 'base|pool-b', undefined).sync('reader', {}),
    ).toEqual({
      health: {},
      load: {},
    });
  });
});
