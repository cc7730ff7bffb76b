/**
 * The pooled model over fake replicas and a fake clock: a conversation sticks to its replica, a
 * failed call moves at once to the next replica of its rendezvous order, breakers open, probe
 * and close, and a call that already delivered text is never repeated.
 */
import { describe, expect, it } from 'vitest';
import {
  createPooledModel,
  type PooledReplicaModel,
} from '../../../src/adapters/pool/pooled-model.ts';
import { createReplicaPool, RECENT_LATENCY_MS } from '../../../src/adapters/pool/replica-pool.ts';
import type { HealthReport } from '../../../src/adapters/pool/shared-breaker.ts';
import { ModelCallError } from '../../../src/core/errors.ts';
import type { GenerateRequest, JudgeRequest } from '../../../src/core/ports.ts';
import { FakeStepModel, generated, judged } from '../../fakes/fake-models.ts';
import { conversationsFirstOn as firstOn, orderOf as orderOfAmong } from '../helpers/placement.ts';

const T0 = Date.UTC(2026, 11, 3, 12, 0, 0);
const URLS = [
  'http://gpu-0.test/v1',
  'http://gpu-1.test/v1',
  'http://gpu-2.test/v1',
  'http://gpu-3.test/v1',
];
const DOWN = () => new ModelCallError({ code: 'network', message: 'connection refused' });

type Behaviour = (request: GenerateRequest | JudgeRequest) => 'ok' | Error;

function harness(behaviours: Record<string, Behaviour> = {}) {
  let now = T0;
  const calls: string[] = [];
  const sleeps: number[] = [];
  const reports: HealthReport[] = [];
  const replica = (url: string): PooledReplicaModel => {
    const respond = <Result>(request: GenerateRequest | JudgeRequest, result: Result) => {
      calls.push(url);
      const outcome = behaviours[url]?.(request) ?? 'ok';
      return outcome === 'ok' ? result : outcome;
    };
    return new FakeStepModel(
      'base',
      (request) => respond(request, generated(`from ${url}`)),
      (request) => respond(request, judged(7)),
    );
  };
  const pool = createReplicaPool(
    URLS.map((url) => ({ url, weight: 1 })),
    {
      now: () => now,
      breaker: { failureThreshold: 2, openMs: 1000, maxOpenMs: 4000, probeTimeoutMs: 10_000 },
    },
  );
  const model = createPooledModel({
    pool,
    models: new Map(URLS.map((url) => [url, replica(url)])),
    operation: 'Base model request (BASE_URLS)',
    retry: { maxRetries: 1, initialDelayMs: 100, maxDelayMs: 1000 },
    sleep: async (ms: number) => {
      sleeps.push(ms);
    },
    random: () => 1,
    onReport: (report) => reports.push(report),
  });
  const judge = (conversation: string) =>
    model.judge({ messages: [], topLogprobs: 10, seed: 1, affinityKey: conversation });
  return { model, pool, calls, sleeps, reports, judge, advance: (ms: number) => (now += ms) };
}

const orderOf = (conversation: string) => orderOfAmong(conversation, URLS);
const conversationsFirstOn = (url: string, count: number) => firstOn(url, URLS, count);

describe('pooled model', () => {
  it('sends every call of a conversation to its first rendezvous choice', async () => {
    const { judge, calls } = harness();
    for (const conversation of ['conv_a', 'conv_b', 'conv_c']) {
      await judge(conversation);
      await judge(conversation);
    }
    expect(calls).toEqual(
      ['conv_a', 'conv_a', 'conv_b', 'conv_b', 'conv_c', 'conv_c'].map((c) => orderOf(c)[0]),
    );
  });

  it('moves a failed call at once to the next replica of the conversation’s order', async () => {
    const [first, second] = orderOf('conv_a');
    const { judge, calls, sleeps } = harness({ [first as string]: () => DOWN() });
    await expect(judge('conv_a')).resolves.toMatchObject({ token: '7' });
    expect(calls).toEqual([first, second]);
    expect(sleeps).toEqual([]);
  });

  it('opens the breaker after repeated failures, probes after the wait, and closes on success', async () => {
    const first = URLS[0] as string;
    const [a = '', b = '', c = '', d = ''] = conversationsFirstOn(first, 4);
    let firstIsDown = true;
    const h = harness({ [first]: () => (firstIsDown ? DOWN() : 'ok') });
    await h.judge(a);
    await h.judge(b);
    expect(h.pool.health()[first]).toMatchObject({ status: 'open' });
    h.calls.length = 0;
    await h.judge(c);
    expect(h.calls).toEqual([orderOf(c)[1]]);
    h.advance(1000);
    firstIsDown = false;
    h.calls.length = 0;
    await h.judge(d);
    expect(h.calls).toEqual([first]);
    expect(h.pool.health()[first]).toEqual({ status: 'closed', failures: 0, since: T0 + 1000 });
    expect(h.reports).toEqual([
      { id: first, outcome: 'failure', at: T0, probe: false },
      { id: first, outcome: 'failure', at: T0, probe: false },
      { id: first, outcome: 'success', at: T0 + 1000, probe: true },
    ]);
  });

  it('keeps a conversation on the replica it failed over to', async () => {
    const [first, second] = orderOf('conv_a');
    const { judge, calls } = harness({ [first as string]: () => DOWN() });
    await judge('conv_a');
    calls.length = 0;
    await judge('conv_a');
    expect(calls).toEqual([second]);
  });

  it('never repeats a streamed call that already delivered text', async () => {
    const [first] = orderOf('conv_a');
    const { model, calls } = harness();
    const failing = model.generate({
      messages: [],
      sampling: { temperature: 0, topP: 1, maxTokens: 8, stop: [], seed: 1 },
      affinityKey: 'conv_a',
      onText: () => {
        throw DOWN();
      },
    });
    await expect(failing).rejects.toThrow('connection refused');
    expect(calls).toEqual([first]);
  });

  it('backs off and goes round again only when every replica has failed', async () => {
    const everyone = Object.fromEntries(URLS.map((url) => [url, () => DOWN()]));
    const { judge, calls, sleeps } = harness(everyone);
    await expect(judge('conv_a')).rejects.toThrow('connection refused');
    expect(calls).toEqual([...orderOf('conv_a'), ...orderOf('conv_a')]);
    expect(sleeps).toEqual([100]);
  });

  it('answers a retryable error naming the setting when every breaker is open', async () => {
    const everyone = Object.fromEntries(URLS.map((url) => [url, () => DOWN()]));
    const { judge, calls } = harness(everyone);
    await judge('conv_a').catch(() => {});
    calls.length = 0;
    const error = await judge('conv_b').catch((caught: unknown) => caught);
    expect(calls).toEqual([]);
    expect(error).toMatchObject({
      code: 'network',
      isRetryable: true,
      retryAfterMs: 1000,
      message: 'Base model request (BASE_URLS) found every replica marked down (next probe in 1 s)',
    });
  });

  it('does not fail over a request the server refused as invalid', async () => {
    const [first] = orderOf('conv_a');
    const invalid = new ModelCallError({ code: 'http', status: 400, message: 'bad request' });
    const { judge, calls, pool } = harness({ [first as string]: () => invalid });
    await expect(judge('conv_a')).rejects.toBe(invalid);
    expect(calls).toEqual([first]);
    expect(pool.health()[first as string]).toEqual({ status: 'closed', failures: 0, since: 0 });
  });

  it('places a new conversation away from a replica with far more calls in flight', async () => {
    const [first, second] = orderOf('conv_new');
    const { judge, pool, calls } = harness();
    const ends = Array.from({ length: 10 }, () => pool.begin(first as string));
    await judge('conv_new');
    expect(calls).toEqual([second]);
    for (const end of ends) end('success');
    calls.length = 0;
    await judge('conv_new');
    expect(calls).toEqual([second]);
  });

  it('forgets a replica’s slowness a minute after its last timed call', async () => {
    const [slow = '', ...fast] = URLS;
    const [first = '', skipped = '', later = ''] = conversationsFirstOn(slow, 3);
    const regulars = fast.map((url) => conversationsFirstOn(url, 1)[0] ?? '');
    let advance = (_ms: number) => 0;
    const takes = (ms: number) => () => {
      advance(ms);
      return 'ok' as const;
    };
    const h = harness(
      Object.fromEntries(URLS.map((url) => [url, takes(url === slow ? 900 : 100)])),
    );
    advance = h.advance;
    for (const conversation of [first, ...regulars]) await h.judge(conversation);
    h.calls.length = 0;
    await h.judge(skipped);
    expect(h.calls).toEqual([orderOf(skipped)[1]]);
    h.advance(RECENT_LATENCY_MS);
    for (const conversation of regulars) await h.judge(conversation);
    h.calls.length = 0;
    await h.judge(later);
    expect(h.calls).toEqual([slow]);
  });
});
