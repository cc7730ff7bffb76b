/**
 * The replica-routing section's runs, side by side (issue 15's Measure): per simulator world,
 * prefix affinity against round robin over the same replicas and conversations; on the first
 * world, affinity again with its busiest replica killed half-way; and placement, measured: the
 * affinity setting on the `edge` profile twice, once with the base endpoint a WAN round trip
 * away (the profile as is) and once with the conversations placed in the GPUs' region (what
 * `CONVERSATION_LOCATION_HINT` does: the base is one in-region hop away, the `h100` profile's).
 */
import { loadProfile, type Profile } from '../simulator/profile.ts';
import type { WorldSelection } from './options.ts';
import { type RoutingPolicy, type RoutingRun, runRouting } from './replica-routing.ts';
import { sum } from './statistics.ts';

export interface RoutingStudyOptions {
  /** The worlds compared, each with its number of concurrent conversations. */
  worlds: WorldSelection[];
  replicas: number;
  /** The profile of the policy comparison (its base replicas and draft server). */
  profile: string;
  /** Real ms per model ms. */
  timeScale: number;
  worldSeed: number;
  /** Conversations of each placement run, on the first world (0 skips placement). */
  placementConversations: number;
  log: (line: string) => void;
}

/** Affinity and round robin on one world. */
export interface RoutingComparison {
  world: string;
  affinity: RoutingRun;
  roundRobin: RoutingRun;
}

/** Affinity with a replica killed mid-run, against the same world's undisturbed affinity run. */
export interface KillResult {
  run: RoutingRun;
  /** Conversations whose steps or answer differ from the undisturbed run's. */
  differences: string[];
}

/** The same affinity run with the base far (WAN) and near (in-region); model milliseconds. */
export interface PlacementResult {
  far: RoutingRun;
  near: RoutingRun;
  /** Whether both runs kept the same steps and answers (so their times compare step for step). */
  sameSteps: boolean;
  /** Mean turn time difference over the mean kept steps per turn. */
  savedMsPerStep: number | undefined;
  /** Difference of the per-step medians. */
  savedP50StepMs: number | undefined;
  /** Base calls per kept step (far run) × the round-trip difference: the profiles' expectation. */
  expectedMsPerStep: number;
  baseCallsPerStep: number;
}

export interface RoutingReport {
  options: Omit<RoutingStudyOptions, 'log'>;
  /** Tokens each base replica's prefix cache holds (blocks × block tokens). */
  replicaCacheTokens: number;
  comparisons: RoutingComparison[];
  kill: KillResult | undefined;
  placement: PlacementResult | undefined;
}

export async function runRoutingStudy(options: RoutingStudyOptions): Promise<RoutingReport> {
  const { log: _log, ...rest } = options;
  const worlds = options.worlds.filter((selection) => selection.count > 0);
  const profile = loadProfile(options.profile);
  const base = profile.models.base;
  const replicaCacheTokens = (base?.prefixCacheBlocks ?? 0) * (base?.prefixCacheBlockTokens ?? 0);
  const first = worlds[0];
  if (first === undefined)
    return {
      options: rest,
      replicaCacheTokens,
      comparisons: [],
      kill: undefined,
      placement: undefined,
    };
  const run = (
    world: WorldSelection,
    policy: RoutingPolicy,
    extra: {
      name?: string;
      profile?: Profile;
      kill?: { replica: number; afterSteps: number };
    } = {},
  ) =>
    runRouting({
      name: extra.name ?? policy,
      policy,
      world: world.world,
      worldSeed: options.worldSeed,
      conversations: world.count,
      replicas: options.replicas,
      profile: extra.profile ?? profile,
      timeScale: options.timeScale,
      kill: extra.kill,
      log: options.log,
    });
  // A discarded warm-up: the first run in a process pays for compiling every module it touches.
  await run({ world: first.world, count: Math.min(4, first.count) }, 'round-robin');
  const comparisons: RoutingComparison[] = [];
  for (const world of worlds) {
    comparisons.push({
      world: world.world,
      affinity: await run(world, 'affinity'),
      roundRobin: await run(world, 'round-robin'),
    });
  }
  const undisturbed = (comparisons[0] as RoutingComparison).affinity;
  // Kill the replica that served the most calls undisturbed: the worst case for the pool.
  const calls = undisturbed.baseRequestsPerReplica;
  const busiest = calls.indexOf(Math.max(...calls));
  const killed = await run(first, 'affinity', {
    name: `affinity, replica ${busiest} killed mid-run`,
    kill: { replica: busiest, afterSteps: undisturbed.keptSteps / 2 },
  });
  const kill = { run: killed, differences: differingOutcomes(undisturbed, killed) };
  const placement =
    options.placementConversations > 0
      ? await measurePlacement({ world: first.world, count: options.placementConversations }, run)
      : undefined;
  return { options: rest, replicaCacheTokens, comparisons, kill, placement };
}

async function measurePlacement(
  world: WorldSelection,
  run: (
    world: WorldSelection,
    policy: RoutingPolicy,
    extra: { name: string; profile: Profile },
  ) => Promise<RoutingRun>,
): Promise<PlacementResult> {
  const edge = loadProfile('edge');
  const inRegionRttMs = loadProfile('h100').models.base?.networkRttMs ?? 0;
  const base = edge.models.base;
  if (base === undefined) throw new Error('The edge profile has no base model');
  const placed: Profile = {
    ...edge,
    name: 'edge, placed in the GPUs region',
    models: { ...edge.models, base: { ...base, networkRttMs: inRegionRttMs } },
  };
  const far = await run(world, 'affinity', { name: 'base across the WAN', profile: edge });
  const near = await run(world, 'affinity', { name: 'placed in the GPUs region', profile: placed });
  const stepsPerTurn = far.turns === 0 ? 0 : far.keptSteps / far.turns;
  const difference = (pick: (run: RoutingRun) => number | undefined) => {
    const [a, b] = [pick(far), pick(near)];
    return a === undefined || b === undefined ? undefined : a - b;
  };
  const meanDifference = difference((r) => r.meanTurnMs);
  const baseCallsPerStep =
    far.keptSteps === 0 ? 0 : sum(far.baseRequestsPerReplica) / far.keptSteps;
  return {
    far,
    near,
    sameSteps: differingOutcomes(far, near).length === 0,
    savedMsPerStep:
      meanDifference === undefined || stepsPerTurn === 0
        ? undefined
        : meanDifference / stepsPerTurn,
    savedP50StepMs: difference((r) => r.p50StepMs),
    expectedMsPerStep: baseCallsPerStep * (far.baseRttMs - near.baseRttMs),
    baseCallsPerStep,
  };
}

function differingOutcomes(a: RoutingRun, b: RoutingRun): string[] {
  return Object.keys(a.outcomes).filter(
    (id) => JSON.stringify(a.outcomes[id]) !== JSON.stringify(b.outcomes[id]),
  );
}
