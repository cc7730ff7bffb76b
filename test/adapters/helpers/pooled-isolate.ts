/**
 * One isolate's pooled base backend, for tests of what isolates share through a pool's record:
 * a pool registry of its own, the test's fake clock and timers, the given share, and replicas
 * whose judge calls answer as the test says (generations always succeed).
 */
import type { HealthShare } from '../../../src/adapters/pool/health-share.ts';
import { createPooledBackend } from '../../../src/adapters/pool/pooled-backend.ts';
import type { JudgeRequest, JudgeResult } from '../../../src/core/ports.ts';
import { FakeStepModel, generated } from '../../fakes/fake-models.ts';
import { type FakeScheduler, T0 } from './fake-time.ts';

export interface PooledIsolateOptions {
  urls: readonly string[];
  share: HealthShare;
  scheduler: FakeScheduler;
  /** A judge call's answer (an Error is thrown) from the replica at `url`. */
  judge: (url: string, request: JudgeRequest) => JudgeResult | Error | Promise<JudgeResult | Error>;
}

export function pooledIsolate(options: PooledIsolateOptions) {
  const { scheduler } = options;
  const backend = createPooledBackend({
    role: 'base',
    settings: { setting: 'BASE_URLS', replicas: options.urls.map((url) => ({ url, weight: 1 })) },
    build: (url) =>
      new FakeStepModel(
        'base',
        () => generated('step'),
        (request) => options.judge(url, request),
      ),
    callOptions: { now: () => T0 + scheduler.elapsedMs, schedule: scheduler.schedule },
    registry: new Map(),
    share: () => options.share,
  });
  /** A judge call of `conversation`, placed by the pool. */
  const judge = (conversation: string) =>
    backend.model.judge({ messages: [], topLogprobs: 10, seed: 1, affinityKey: conversation });
  return { backend, judge };
}
