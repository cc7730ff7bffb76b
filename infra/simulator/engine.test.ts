import { describe, expect, it } from 'vitest';
import { type Clock, createEngine, type GpuGroup, type ModelRuntime } from './engine.ts';
import { requestCost } from './latency.ts';
import { createPrefixCache } from './prefix-cache.ts';
import type { ModelProfile } from './profile.ts';

const PROFILE: ModelProfile = {
  modelName: 'm',
  requestOverheadMs: 5,
  networkRttMs: 10,
  prefillFixedMs: 20,
  prefillMsPerToken: 0.5,
  decodeMsPerToken: 4,
  prefixCacheBlockTokens: 16,
  concurrencySlowdown: 0.25,
};

function runtime(group: GpuGroup = { active: 0 }): ModelRuntime {
  return { name: 'm', profile: PROFILE, cache: createPrefixCache(16, 1000), group };
}

/** A clock whose sleeps move time forward at once and are recorded. */
function fastForwardClock(): Clock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

const ids = (count: number, offset = 0) =>
  Array.from({ length: count }, (_, index) => offset + index);

function job(
  promptTokens: number,
  outputTokens: number,
  signal = new AbortController().signal,
  onToken: (index: number) => void = () => {},
) {
  return {
    promptIds: ids(promptTokens),
    outputIds: ids(outputTokens, 50000),
    skipCacheRead: false,
    signal,
    onStart: () => {},
    onToken,
  };
}

describe('engine', () => {
  it('reports the unscaled cost of a request run alone', async () => {
    const result = await createEngine(fastForwardClock(), 0).run(runtime(), job(100, 10));
    const expected = requestCost(PROFILE, 100, 0, 10);
    expect(result).toMatchObject({
      aborted: false,
      emitted: 10,
      cachedTokens: 0,
      overheadMs: 5,
      networkMs: 10,
    });
    expect(result.prefillMs).toBeCloseTo(expected.prefillMs, 10);
    expect(result.decodeMs).toBeCloseTo(expected.decodeMs, 10);
  });

  it('waits time-scale real milliseconds per model millisecond', async () => {
    const clock = fastForwardClock();
    const result = await createEngine(clock, 0.5).run(runtime(), job(100, 10));
    const total = result.overheadMs + result.networkMs + result.prefillMs + result.decodeMs;
    expect(clock.now()).toBeCloseTo(total * 0.5, 6);
  });

  it('serves the second identical prompt from the prefix cache, last block recomputed', async () => {
    const engine = createEngine(fastForwardClock(), 0);
    const model = runtime();
    await engine.run(model, job(100, 1));
    const second = await engine.run(model, job(100, 1));
    expect(second.cachedTokens).toBe(96);
    expect(second.prefillMs).toBeCloseTo(20 + 4 * 0.5, 10);
  });

  it('slows a request while another runs on the same GPUs, and not on other GPUs', async () => {
    const alone = requestCost(PROFILE, 10, 0, 200).decodeMs;
    const shared: GpuGroup = { active: 0 };
    const engine = createEngine(fastForwardClock(), 0);
    const [first] = await Promise.all([
      engine.run(runtime(shared), job(10, 200)),
      engine.run(runtime(shared), job(10, 200)),
    ]);
    expect(first.decodeMs).toBeGreaterThan(alone * 1.1);
    expect(first.decodeMs).toBeLessThanOrEqual(alone * 1.25 + 1e-9);
    const [separate] = await Promise.all([
      engine.run(runtime(), job(10, 200)),
      engine.run(runtime(), job(10, 200)),
    ]);
    expect(separate.decodeMs).toBeCloseTo(alone, 10);
    expect(shared.active).toBe(0);
  });

  it('stops emitting when the client goes away and frees its place on the GPUs', async () => {
    const controller = new AbortController();
    const group: GpuGroup = { active: 0 };
    const result = await createEngine(fastForwardClock(), 0).run(
      runtime(group),
      job(10, 50, controller.signal, (index) => {
        if (index === 9) controller.abort();
      }),
    );
    expect(result).toMatchObject({ aborted: true, emitted: 10 });
    expect(group.active).toBe(0);
  });
});
