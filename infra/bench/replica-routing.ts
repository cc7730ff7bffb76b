/**
 * One run of the benchmark's replica-routing section (issue 15): many concurrent conversations
 * against simulated base replicas, run in this process through the real adapters, the step
 * machine's driver and the replica pool (no Worker: the pool is what is measured, and a Worker
 * per turn would only add the same overhead to every policy). Each run starts fresh replicas and
 * a fresh draft server, so no run inherits another's prefix cache. Reported: base-model prompt
 * tokens computed (not served from a prefix cache, from the replicas' own records), whether the
 * replicas' caches filled, and turn and step latency rebuilt in model time as the main benchmark
 * does (timeline.ts: each call at its simulated duration, the client's time between calls in
 * real ms), so a busy CPU that makes the simulator late does not count as model time; how busy
 * this process was is reported beside them, since it still lengthens the time between calls.
 */
import type { CallOptions } from '../../src/adapters/call/call-options.ts';
import { createOpenAICompatibleModel } from '../../src/adapters/openai-compatible/openai-compatible-model.ts';
import { createPooledBackend } from '../../src/adapters/pool/pooled-backend.ts';
import type { PooledReplicaModel } from '../../src/adapters/pool/pooled-model.ts';
import type { TurnModels } from '../../src/core/driver.ts';
import { loadWorld } from '../eval/datasets/simulator-worlds.ts';
import type { SimulatorConfig } from '../simulator/config.ts';
import type { Profile } from '../simulator/profile.ts';
import { createReplicaSet } from '../simulator/replicas.ts';
import { createSimulator } from '../simulator/server.ts';
import type { ModelTotals } from '../simulator/stats.ts';
import { createCallRecorder } from './call-recorder.ts';
import { modelTimes, runConversation, timelineOf } from './routing-conversation.ts';
import { mean, median, p90 as p90Of, sum } from './statistics.ts';

export type RoutingPolicy = 'affinity' | 'round-robin';

/** What one run does. */
export interface RoutingRunSpec {
  /** The run's label in the report. */
  name: string;
  policy: RoutingPolicy;
  /** Simulator world the conversations' problems come from, and its generator seed. */
  world: string;
  worldSeed: number;
  conversations: number;
  replicas: number;
  /** Costs of the base replicas and the draft server (a `base` and a `draft` model). */
  profile: Profile;
  /** Real ms per model ms. */
  timeScale: number;
  /** Kill this replica once the run has committed `afterSteps` kept steps. */
  kill?: { replica: number; afterSteps: number } | undefined;
  log: (line: string) => void;
}

/** One run's figures; latencies in model milliseconds. */
export interface RoutingRun {
  name: string;
  policy: RoutingPolicy;
  world: string;
  /** The profile's name and its base round trip (what placement changes). */
  profile: string;
  baseRttMs: number;
  killedReplica: number | undefined;
  turns: number;
  completed: number;
  keptSteps: number;
  basePromptTokens: number;
  baseCachedTokens: number;
  /** Base prompt tokens computed, not served from a prefix cache. */
  basePromptTokensComputed: number;
  baseRequestsPerReplica: number[];
  /**
   * Blocks held by the fullest base prefix cache over its capacity. A cache only shrinks by
   * eviction, so this is its peak; 1 means it was full and evicting.
   */
  cacheFill: number;
  /** Process CPU time over wall time during the run (1 = one core busy throughout). */
  cpuBusy: number;
  p50TurnMs: number | undefined;
  p90TurnMs: number | undefined;
  meanTurnMs: number | undefined;
  /** Median over turns of the client's time between calls on the turn's critical path (real ms). */
  medianTurnOverheadMs: number | undefined;
  /** Time from one kept step to the next (the first from the turn's start), over all turns. */
  p50StepMs: number | undefined;
  /** Per conversation, the kept steps and the answer. */
  outcomes: Record<string, { steps: string[]; answer: string; status: string }>;
}

export async function runRouting(spec: RoutingRunSpec): Promise<RoutingRun> {
  const config: SimulatorConfig = {
    host: '127.0.0.1',
    port: 0,
    profile: spec.profile,
    timeScale: spec.timeScale,
    deterministic: true,
    promptTokensDetails: true,
  };
  const set = createReplicaSet(config, spec.replicas);
  const draftServer = createSimulator(config);
  const roots = await set.listen();
  const draftRoot = await draftServer.listen();
  const recorder = createCallRecorder();
  const adapter = (url: string, role: 'base' | 'draft', callOptions: CallOptions) =>
    createOpenAICompatibleModel({
      ...callOptions,
      baseUrl: url,
      model: role,
      mode: 'chat',
      role,
      fetch: recorder.fetch,
    });
  try {
    const problems = await loadWorld(spec.world, {
      simulatorUrl: draftRoot,
      count: spec.conversations,
      seed: spec.worldSeed,
    });
    const models: TurnModels = {
      draft: adapter(`${draftRoot}/v1`, 'draft', {}),
      base: baseModels(
        spec.policy,
        roots.map((root) => `${root}/v1`),
        (url, callOptions) => adapter(url, 'base', callOptions),
      ),
    };
    let committedSteps = 0;
    const onStep = () => {
      committedSteps++;
      const kill = spec.kill;
      if (kill !== undefined && committedSteps >= kill.afterSteps && !set.isKilled(kill.replica)) {
        spec.log(`replica routing: killing replica ${kill.replica} after ${committedSteps} steps`);
        void set.kill(kill.replica);
      }
    };
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const results = await Promise.all(
      problems.map((problem, index) =>
        runConversation(problem, index, models, onStep, recorder.record),
      ),
    );
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    spec.log(
      `replica routing: ${spec.world}, ${spec.name}: ${results.length} turns in ${(wallMs / 1000).toFixed(1)} s`,
    );
    const modelMs = modelTimes([
      ...set.replicas.map((replica, index) => ({ origin: roots[index] ?? '', replica })),
      { origin: draftRoot, replica: draftServer },
    ]);
    const completed = results
      .filter((result) => result.state.status === 'completed')
      .map((result) => ({ result, timeline: timelineOf(result, modelMs) }));
    const latencies = completed.map(({ timeline }) => timeline.latencyMs);
    const steps = completed.flatMap(({ timeline }) =>
      (timeline.marksMs ?? []).map((at, index, marks) => at - (marks[index - 1] ?? 0)),
    );
    const baseRuntimes = set.replicas.map((replica) => replica.state.models.get('base'));
    const totals = set.replicas.map((replica) => replica.state.stats.snapshot().models.base);
    const summed = (field: keyof ModelTotals) => sum(totals.map((t) => t?.[field] ?? 0));
    return {
      name: spec.name,
      policy: spec.policy,
      world: spec.world,
      profile: spec.profile.name,
      baseRttMs: spec.profile.models.base?.networkRttMs ?? 0,
      killedReplica: spec.kill?.replica,
      turns: results.length,
      completed: latencies.length,
      keptSteps: sum(results.map((result) => result.state.steps.length)),
      basePromptTokens: summed('promptTokens'),
      baseCachedTokens: summed('cachedTokens'),
      basePromptTokensComputed: summed('prefillTokens'),
      baseRequestsPerReplica: totals.map((t) => t?.requests ?? 0),
      cacheFill: Math.max(
        0,
        ...baseRuntimes.map((model) =>
          model === undefined ? 0 : model.runtime.cache.size / model.runtime.cache.capacityBlocks,
        ),
      ),
      cpuBusy: (cpu.user + cpu.system) / 1000 / wallMs,
      p50TurnMs: median(latencies),
      p90TurnMs: p90Of(latencies),
      meanTurnMs: mean(latencies),
      medianTurnOverheadMs: median(completed.map(({ timeline }) => timeline.overheadMs)),
      p50StepMs: median(steps),
      outcomes: Object.fromEntries(
        results.map((result) => [
          result.id,
          {
            steps: result.state.steps.map((step) => step.text),
            answer: result.state.answer,
            status: result.state.status,
          },
        ]),
      ),
    };
  } finally {
    await set.close();
    await draftServer.close();
  }
}

function baseModels(
  policy: RoutingPolicy,
  urls: string[],
  build: (url: string, callOptions: CallOptions) => PooledReplicaModel,
): PooledReplicaModel {
  if (policy === 'affinity') {
    return createPooledBackend({
      role: 'base',
      settings: { setting: 'BASE_URLS', replicas: urls.map((url) => ({ url, weight: 1 })) },
      build,
      registry: new Map(),
    }).model;
  }
  const replicas = urls.map((url) => build(url, {}));
  let next = 0;
  const pick = () => replicas[next++ % replicas.length] as PooledReplicaModel;
  return {
    modelId: 'base',
    generate: (request) => pick().generate(request),
    judge: (request) => pick().judge(request),
  };
}
