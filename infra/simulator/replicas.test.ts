/** Simulator replicas: separate prefix caches and stats per replica, and a kill that cuts them. */
import { afterEach, describe, expect, it } from 'vitest';
import { createReplicaSet, type ReplicaSet } from './replicas.ts';
import { post, testSimulatorConfig } from './testing/harness.ts';

let set: ReplicaSet | undefined;
afterEach(async () => {
  await set?.close();
  set = undefined;
});

async function startReplicas(count: number): Promise<string[]> {
  set = createReplicaSet(
    testSimulatorConfig({ deterministic: true, promptTokensDetails: true }),
    count,
  );
  return set.listen();
}

const PROMPT = `${'The quick brown fox jumps over the lazy dog. '.repeat(40)}What is 2+3?`;
const ask = (url: string) =>
  post(url, '/v1/completions', { model: 'base', prompt: PROMPT, max_tokens: 1, seed: 1 }).then(
    (response) =>
      response.json() as Promise<{ usage: { prompt_tokens_details?: { cached_tokens: number } } }>,
  );
const baseStats = async (url: string) => {
  const stats = (await (await fetch(`${url}/sim/stats`)).json()) as {
    models: Record<string, { requests: number; prefillTokens: number }>;
  };
  return stats.models.base;
};

describe('simulator replicas', () => {
  it('gives each replica its own prefix cache and its own stats', async () => {
    const [first = '', second = ''] = await startReplicas(2);
    await ask(first);
    const warm = await ask(first);
    const cold = await ask(second);
    expect(warm.usage.prompt_tokens_details?.cached_tokens).toBeGreaterThan(0);
    expect(cold.usage.prompt_tokens_details?.cached_tokens ?? 0).toBe(0);
    expect((await baseStats(first))?.requests).toBe(2);
    expect((await baseStats(second))?.requests).toBe(1);
  });

  it('refuses connections to a killed replica and leaves the others serving', async () => {
    const [first = '', second = ''] = await startReplicas(2);
    await set?.kill(0);
    expect(set?.isKilled(0)).toBe(true);
    await expect(fetch(`${first}/health`)).rejects.toThrow();
    expect((await fetch(`${second}/health`)).status).toBe(200);
  });

  it('lets a client kill one replica through POST /sim/kill: its open streams are cut, new connections refused, the others serve on', async () => {
    // Real time, so that a long generation is still streaming when the kill lands.
    set = createReplicaSet(testSimulatorConfig({ timeScale: 1 }), 2);
    const [first = '', second = ''] = await set.listen();
    const streaming = await post(first, '/v1/completions', {
      model: 'base',
      prompt: PROMPT,
      max_tokens: 20_000,
      stream: true,
    });
    expect(streaming.status).toBe(200);
    const killed = await post(first, '/sim/kill', {});
    expect(await killed.json()).toEqual({ killed: true });
    await expect(streaming.text()).rejects.toThrow();
    await expect(fetch(`${first}/health`)).rejects.toThrow();
    expect((await fetch(`${second}/health`)).status).toBe(200);
  });

  it('refuses a replica count that is not a positive whole number', () => {
    const config = testSimulatorConfig({ deterministic: true });
    expect(() => createReplicaSet(config, 0)).toThrow(/at least 1 \(got 0\)/);
  });
});
