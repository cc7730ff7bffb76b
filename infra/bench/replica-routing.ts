/**
 * The benchmark's replica-routing section (issue 15): many concurrent conversations against 4
 * simulated base replicas, run in this process through the real adapters, the step machine's
 * driver and the replica pool (no Worker: the pool is what is measured, and a Worker per turn
 * would only add the same overhead to every policy). Three runs, each on fresh replicas:
 * prefix affinity (rendezvous, the pool), round robin (every call to the next replica), and
 * prefix affinity with one replica killed half-way. Reported per run: base-model prompt tokens
 * computed (not served from a prefix cache, from the replicas' own records), turn latency in
 * model time, and for the kill whether every turn's steps equal the undisturbed run's.
 */
import { performance } from 'node:perf_hooks';
import type { CallOptions } from '../../src/adapters/call/call-options.ts';
import { createOpenAICompatibleModel } from '../../src/adapters/openai-compatible/openai-compatible-model.ts';
import { createPooledBackend } from '../../src/adapters/pool/pooled-backend.ts';
import type { PooledReplicaModel } from '../../src/adapters/pool/pooled-model.ts';
import { resolveTurnConfig } from '../../src/core/config.ts';
import { driveTurn, type TurnModels } from '../../src/core/driver.ts';
import { keptStepOf } from '../../src/core/events.ts';
import { problemMessages } from '../../src/core/prompts.ts';
import { createTurnState, type TurnState } from '../../src/core/state.ts';
import type { EvalProblem } from '../eval/datasets/problem.ts';
import { loadWorld } from '../eval/datasets/simulator-worlds.ts';
import type { SimulatorConfig } from '../simulator/config.ts';
import { loadProfile } from '../simulator/profile.ts';
import { createReplicaSet } from '../simulator/replicas.ts';
import { createSimulator } from '../simulator/server.ts';
import type { ModelTotals } from '../simulator/stats.ts';
import { mean, median, p90 as p90Of, sum } from './statistics.ts';

export interface RoutingOptions {
  conversations: number;
  replicas: number;
  profile: string;
  /** Real ms per model ms. */
  timeScale: number;
  worldSeed: number;
  log: (line: string) => void;
}

export type RoutingPolicy = 'affinity' | 'round-robin';

/** One run's figures; latencies in model milliseconds. */
export interface RoutingRun {
  name: string;
  policy: RoutingPolicy;
  killedReplica: number | undefined;
  turns: number;
  completed: number;
  basePromptTokens: number;
  baseCachedTokens: number;
  /** Base prompt tokens computed, not served from a prefix cache. */
  basePromptTokensComputed: number;
  baseRequestsPerReplica: number[];
  p50TurnMs: number | undefined;
  p90TurnMs: number | undefined;
  meanTurnMs: number | undefined;
  /** Per conversation, the kept steps and the answer. */
  outcomes: Record<string, { steps: string[]; answer: string; status: string }>;
}

export interface RoutingReport {
  options: Omit<RoutingOptions, 'log'>;
  runs: RoutingRun[];
  /** Conversations of the kill run whose steps and answer differ from the undisturbed run's. */
  killDifferences: string[];
  /** What placing the conversations near the GPUs saves per step, from the profiles' numbers. */
  placement: PlacementSaving;
}

/**
 * The `edge` profile puts the base endpoint a WAN round trip away from the Durable Object; with
 * `CONVERSATION_LOCATION_HINT` the object runs in the GPUs' region, one in-region round trip
 * away (the `h100` profile's). Computed from the profiles and the base calls per kept step of the
 * affinity run, not measured.
 */
export interface PlacementSaving {
  farRttMs: number;
  nearRttMs: number;
  baseCallsPerStep: number;
  savedMsPerStep: number;
}

/** The kept steps of every conversation of a run. */
const keptSteps = (run: RoutingRun) =>
  sum(Object.values(run.outcomes).map((outcome) => outcome.steps.length));

function placementSaving(run: RoutingRun): PlacementSaving {
  const farRttMs = loadProfile('edge').models.base?.networkRttMs ?? 0;
  const nearRttMs = loadProfile('h100').models.base?.networkRttMs ?? 0;
  const steps = keptSteps(run);
  const calls = sum(run.baseRequestsPerReplica);
  const baseCallsPerStep = steps === 0 ? 0 : calls / steps;
  return {
    farRttMs,
    nearRttMs,
    baseCallsPerStep,
    savedMsPerStep: baseCallsPerStep * (farRttMs - nearRttMs),
  };
}

const format = (value: number | undefined, digits = 0) =>
  value === undefined ? '–' : value.toFixed(digits);

/** The section of the benchmark report (markdown). */
export function renderRoutingMarkdown(report: RoutingReport): string {
  const [affinity, roundRobin, killed] = report.runs;
  const rows = report.runs.map(
    (run) =>
      `| ${run.name} | ${run.completed}/${run.turns} | ${run.basePromptTokensComputed} | ${run.basePromptTokens} | ${format(run.p50TurnMs)} | ${format(run.p90TurnMs)} | ${run.baseRequestsPerReplica.join(' / ')} |`,
  );
  const ratio =
    affinity !== undefined && roundRobin !== undefined && roundRobin.basePromptTokensComputed > 0
      ? affinity.basePromptTokensComputed / roundRobin.basePromptTokensComputed
      : undefined;
  const added = (pick: (run: RoutingRun) => number | undefined) =>
    killed === undefined || affinity === undefined
      ? undefined
      : (pick(killed) ?? 0) - (pick(affinity) ?? 0);
  const { options, placement } = report;
  return [
    '## Replica routing (issue 15)',
    '',
    `${options.conversations} concurrent conversations (one speculative turn each, simulated \`math\` world, seed per conversation), ${options.replicas} base replicas of the \`${options.profile}\` profile, time scale ${options.timeScale}; latencies in model milliseconds.`,
    '',
    '| run | turns completed | base prompt tokens computed | base prompt tokens | p50 turn ms | p90 turn ms | base calls per replica |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `- Prefix affinity computes ${format(ratio, 2)}× the base prompt tokens of round robin (target ≤ 0.5); p90 turn latency ${format(affinity?.p90TurnMs)} vs ${format(roundRobin?.p90TurnMs)} ms.`,
    `- Replica ${killed?.killedReplica ?? '–'} killed half-way: ${killed?.completed ?? 0} of ${killed?.turns ?? 0} turns completed; ${report.killDifferences.length === 0 ? "every turn's steps and answer equal the undisturbed run's" : `${report.killDifferences.length} turns differ from the undisturbed run: ${report.killDifferences.join(', ')}`}; added latency p50 ${format(added((run) => run.p50TurnMs))} ms, p90 ${format(added((run) => run.p90TurnMs))} ms, mean ${format(added((run) => run.meanTurnMs))} ms.`,
    `- Placement (computed from the profiles, not run): the \`edge\` profile's base endpoint is ${placement.farRttMs} ms away; placed in the GPUs' region (${placement.nearRttMs} ms) a step with ${format(placement.baseCallsPerStep, 2)} base calls saves ${format(placement.savedMsPerStep)} ms.`,
  ].join('\n');
}

const PAUSE_MS = 200;
const MAX_RUNS_PER_TURN = 20;

export async function runReplicaRouting(options: RoutingOptions): Promise<RoutingReport> {
  // A discarded warm-up: the first run in a process pays for compiling every module it touches.
  await runRouting(
    { ...options, conversations: Math.min(4, options.conversations) },
    'round-robin',
    undefined,
  );
  const affinity = await runRouting(options, 'affinity', undefined);
  const roundRobin = await runRouting(options, 'round-robin', undefined);
  // Kill the replica that served the most calls undisturbed: the worst case for the pool.
  const busiest = affinity.baseRequestsPerReplica.indexOf(
    Math.max(...affinity.baseRequestsPerReplica),
  );
  const killed = await runRouting(options, 'affinity', {
    replica: busiest,
    afterSteps: keptSteps(affinity) / 2,
  });
  const killDifferences = Object.keys(affinity.outcomes).filter(
    (id) => JSON.stringify(affinity.outcomes[id]) !== JSON.stringify(killed.outcomes[id]),
  );
  const { log: _log, ...rest } = options;
  return {
    options: rest,
    runs: [affinity, roundRobin, killed],
    killDifferences,
    placement: placementSaving(affinity),
  };
}

async function runRouting(
  options: RoutingOptions,
  policy: RoutingPolicy,
  kill: { replica: number; afterSteps: number } | undefined,
): Promise<RoutingRun> {
  const name = kill === undefined ? policy : `${policy}, replica ${kill.replica} killed mid-run`;
  const config: SimulatorConfig = {
    host: '127.0.0.1',
    port: 0,
    profile: loadProfile(options.profile),
    timeScale: options.timeScale,
    deterministic: true,
    promptTokensDetails: true,
  };
  const set = createReplicaSet(config, options.replicas);
  const draftServer = createSimulator(config);
  const roots = await set.listen();
  const draftRoot = await draftServer.listen();
  try {
    const problems = await loadWorld('math', {
      simulatorUrl: draftRoot,
      count: options.conversations,
      seed: options.worldSeed,
    });
    const models: TurnModels = {
      draft: adapter(`${draftRoot}/v1`, 'draft', 'draft', {}),
      base: baseModels(
        policy,
        roots.map((root) => `${root}/v1`),
      ),
    };
    let committedSteps = 0;
    const onStep = () => {
      committedSteps++;
      if (kill !== undefined && committedSteps >= kill.afterSteps && !set.isKilled(kill.replica)) {
        options.log(
          `replica routing: killing replica ${kill.replica} after ${committedSteps} steps`,
        );
        void set.kill(kill.replica);
      }
    };
    const started = performance.now();
    const results = await Promise.all(
      problems.map((problem, index) => runConversation(problem, index, models, onStep)),
    );
    options.log(
      `replica routing: ${name}: ${results.length} turns in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const latencies = results
      .filter((result) => result.state.status === 'completed')
      .map((result) => result.realMs / Math.max(options.timeScale, 1e-9));
    const totals = set.replicas.map((replica) => replica.state.stats.snapshot().models.base);
    const summed = (field: keyof ModelTotals) => sum(totals.map((t) => t?.[field] ?? 0));
    return {
      name,
      policy,
      killedReplica: kill?.replica,
      turns: results.length,
      completed: latencies.length,
      basePromptTokens: summed('promptTokens'),
      baseCachedTokens: summed('cachedTokens'),
      basePromptTokensComputed: summed('prefillTokens'),
      baseRequestsPerReplica: totals.map((t) => t?.requests ?? 0),
      p50TurnMs: median(latencies),
      p90TurnMs: p90Of(latencies),
      meanTurnMs: mean(latencies),
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

/** Runs one conversation's turn to its end, resuming after pauses as the Durable Object's alarm would. */
async function runConversation(
  problem: EvalProblem,
  index: number,
  models: TurnModels,
  onStep: () => void,
): Promise<{ id: string; state: TurnState; realMs: number }> {
  const id = `conv_${String(index).padStart(3, '0')}`;
  const config = resolveTurnConfig({ seed: index + 1, threshold: 7 });
  let state = createTurnState(
    config,
    problemMessages({ template: problem.kind, text: problem.question, choices: problem.choices }),
  );
  const started = performance.now();
  for (let run = 0; run < MAX_RUNS_PER_TURN; run++) {
    if (run > 0) await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    state = await driveTurn({
      state,
      models,
      now: () => Date.now(),
      affinityKey: id,
      commit: (_next, events) => {
        for (const event of events) if (keptStepOf(event) !== undefined) onStep();
      },
    });
    if (state.status !== 'paused' && state.status !== 'running') break;
  }
  return { id, state, realMs: performance.now() - started };
}

function adapter(url: string, model: string, role: 'base' | 'draft', callOptions: CallOptions) {
  return createOpenAICompatibleModel({ ...callOptions, baseUrl: url, model, mode: 'chat', role });
}

function baseModels(policy: RoutingPolicy, urls: string[]): PooledReplicaModel {
  if (policy === 'affinity') {
    return createPooledBackend({
      role: 'base',
      settings: { setting: 'BASE_URLS', replicas: urls.map((url) => ({ url, weight: 1 })) },
      build: (url, callOptions) => adapter(url, 'base', 'base', callOptions),
      registry: new Map(),
    }).model;
  }
  const replicas = urls.map((url) => adapter(url, 'base', 'base', {}));
  let next = 0;
  const pick = () => replicas[next++ % replicas.length] as PooledReplicaModel;
  return {
    modelId: 'base',
    generate: (request) => pick().generate(request),
    judge: (request) => pick().judge(request),
  };
}
