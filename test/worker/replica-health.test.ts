/**
 * The ReplicaHealth Durable Object shares one pool's breakers: failures reported by any
 * conversation open the replica's breaker for every reader, and a success closes it again.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { HealthShare } from '../../src/adapters/pool/pooled-backend.ts';
import { replicaHealthShare } from '../../src/replica-health.ts';

const REPLICA = 'http://gpu-a.test/v1';
/** The breakers a sync with no load figures answers with. */
const healthOf = async (share: HealthShare, reporter: string) =>
  (await share.sync(reporter, {})).health;

describe('the shared replica health', () => {
  it('opens a replica’s breaker after three reported failures and closes it on a success', async () => {
    const namespace = env.REPLICA_HEALTH;
    if (namespace === undefined) throw new Error('REPLICA_HEALTH is not bound');
    const first = replicaHealthShare(namespace, 'base|test-pool', undefined);
    const second = replicaHealthShare(namespace, 'base|test-pool', undefined);
    const stub = namespace.getByName('base|test-pool');
    for (let failure = 0; failure < 3; failure++) {
      await stub.report({ id: REPLICA, outcome: 'failure' });
    }
    expect((await healthOf(first, 'first'))[REPLICA]).toMatchObject({
      status: 'open',
      openings: 1,
    });
    expect((await healthOf(second, 'second'))[REPLICA]).toMatchObject({ status: 'open' });
    await stub.report({ id: REPLICA, outcome: 'success' });
    expect((await healthOf(second, 'second'))[REPLICA]).toEqual({ status: 'closed', failures: 0 });
  });

  it('keeps pools apart', async () => {
    const namespace = env.REPLICA_HEALTH;
    if (namespace === undefined) throw new Error('REPLICA_HEALTH is not bound');
    await namespace.getByName('base|pool-a').report({ id: REPLICA, outcome: 'failure' });
    expect(
      await replicaHealthShare(namespace, 'base|pool-b', undefined).sync('reader', {}),
    ).toEqual({
      health: {},
      load: {},
    });
  });
});
