/**
 * Summarises a set of turns of one configuration (profile × mode × threshold): latency,
 * speedup over the base turns of the same problems and seeds, accept rate, tokens by origin,
 * simulated accuracy, efficiency, the Worker's overhead, storage and prefix-cache reuse. Pure.
 */
import type { TurnResult } from './run-profile.ts';
import { mean, median, p90, ratio, sum } from './statistics.ts';

export interface ConfigSummary {
  profile: string;
  mode: TurnResult['mode'];
  threshold: number;
  timeScale: number;
  turns: number;
  failed: number;
  /** Model-time latency per turn (Worker time in real ms), ms. */
  latency: { median?: number; p90?: number; mean?: number };
  /** The client's raw wall clock per turn, real ms (scaled model time plus real Worker time). */
  wallMedianMs?: number;
  /** median(base latency) / median(this latency), over the same problems and seeds. */
  speedup?: number;
  /** Per problem and seed: base latency / this latency. */
  pairedSpeedup: { median?: number; min?: number; max?: number };
  /** Accepted / (accepted + regenerated) over every decided draft. */
  acceptRate?: number;
  /** Kept steps the draft model wrote, as a share of all kept steps. */
  draftStepShare?: number;
  stepsMedian?: number;
  /** Means per turn. */
  tokens: {
    keptDraft?: number;
    keptBase?: number;
    draftGenerated?: number;
    baseGenerated?: number;
    answer?: number;
    discarded?: number;
    judgePrefill?: number;
  };
  /** Mean simulated GPU time per turn, by model (aborted calls included): the cost of hedging. */
  busySeconds: { base?: number; draft?: number };
  /** Share of turns whose answer matches the world's (simulated models: simulated accuracy). */
  accuracy?: number;
  /** Ideal latency from the simulator's busy-time record / latency (undefined on real endpoints). */
  efficiency: { median?: number; pooled?: number };
  overhead: {
    /** Everything on the critical path that is not model time, per kept step (median of turns). */
    perStepMs?: number;
    /** The same without the turn's start and end (the per-step part only). */
    betweenCallsPerStepMs?: number;
    /** One gap between a call's dependencies ending and the call reaching the model server. */
    callGapMs?: number;
    startMs?: number;
    tailMs?: number;
  };
  /** Database bytes / kept steps of the turn's fresh conversation (includes the empty schema). */
  storageBytesPerStepMedian?: number;
  prefixCache: {
    /** Median prompt tokens not served from the prefix cache, per call kind. */
    uncachedMedian: Record<string, number | undefined>;
    /** Cached / prompt tokens per model. */
    cachedShare: Record<string, number | undefined>;
    /** Median output tokens of a draft step: most of what a judge call cannot take from the cache. */
    draftStepOutputMedian?: number;
  };
}

const sampleKey = (turn: TurnResult) => `${turn.dataset}|${turn.problemId}|${turn.seed}`;

export function summarize(
  turns: readonly TurnResult[],
  baseTurns: readonly TurnResult[],
  simulated: boolean,
): ConfigSummary {
  const first = turns[0];
  const done = turns.filter((turn) => turn.ok && turn.timeline !== undefined);
  const latencyOf = (turn: TurnResult) => turn.timeline?.latencyMs ?? Number.NaN;
  const latencies = done.map(latencyOf);
  const base = new Map(
    baseTurns.filter((turn) => turn.ok).map((turn) => [sampleKey(turn), latencyOf(turn)]),
  );
  const paired = done.flatMap((turn) => {
    const reference = base.get(sampleKey(turn));
    return reference === undefined ? [] : [{ turn, ratio: reference / latencyOf(turn) }];
  });
  const usage = (field: string) => done.map((turn) => Number(turn.usage[field] ?? Number.NaN));
  const accepted = sum(usage('steps_accepted').filter(Number.isFinite));
  const regenerated = sum(usage('steps_regenerated').filter(Number.isFinite));
  const steps = sum(done.map((turn) => turn.keptSteps));
  const perStep = (value: (turn: TurnResult) => number) =>
    median(done.filter((turn) => turn.keptSteps > 0).map((turn) => value(turn) / turn.keptSteps));
  const calls = done.flatMap((turn) => turn.calls.filter((call) => !call.aborted));
  const uncached = (kind: string, model: string) =>
    median(
      calls
        .filter((call) => call.kind === kind && call.model === model)
        .map((call) => call.promptTokens - call.cachedTokens),
    );
  const cachedShare = (model: string) => {
    const own = calls.filter((call) => call.model === model);
    return ratio(
      sum(own.map((call) => call.cachedTokens)),
      sum(own.map((call) => call.promptTokens)),
    );
  };
  return {
    profile: first?.profile ?? '',
    mode: first?.mode ?? 'base',
    threshold: first?.threshold ?? 0,
    timeScale: first?.timeScale ?? 1,
    turns: turns.length,
    failed: turns.length - done.length,
    latency: { median: median(latencies), p90: p90(latencies), mean: mean(latencies) },
    wallMedianMs: median(done.map((turn) => turn.wallMs)),
    speedup: ratio(
      median(paired.map(({ turn }) => base.get(sampleKey(turn)) as number)),
      median(paired.map(({ turn }) => latencyOf(turn))),
    ),
    pairedSpeedup: {
      median: median(paired.map((pair) => pair.ratio)),
      min: paired.length > 0 ? Math.min(...paired.map((pair) => pair.ratio)) : undefined,
      max: paired.length > 0 ? Math.max(...paired.map((pair) => pair.ratio)) : undefined,
    },
    acceptRate: ratio(accepted, accepted + regenerated),
    draftStepShare: ratio(sum(done.map((turn) => turn.usage.steps_accepted ?? 0)), steps),
    stepsMedian: median(done.map((turn) => turn.keptSteps)),
    tokens: {
      keptDraft: mean(done.map((turn) => turn.keptTokens.draft)),
      keptBase: mean(done.map((turn) => turn.keptTokens.base)),
      draftGenerated: mean(usage('draft_tokens')),
      baseGenerated: mean(usage('base_tokens')),
      answer: mean(usage('answer_tokens')),
      discarded: mean(usage('discarded_tokens')),
      judgePrefill: mean(usage('judge_prefill_tokens')),
    },
    busySeconds: simulated ? { base: busyOf(done, 'base'), draft: busyOf(done, 'draft') } : {},
    accuracy:
      done.length === 0 ? undefined : done.filter((turn) => turn.correct).length / done.length,
    efficiency: simulated
      ? {
          median: median(done.map((turn) => (turn.timeline?.idealMs ?? 0) / latencyOf(turn))),
          pooled: ratio(sum(done.map((turn) => turn.timeline?.idealMs ?? 0)), sum(latencies)),
        }
      : {},
    overhead: {
      perStepMs: perStep((turn) => turn.timeline?.overheadMs ?? 0),
      betweenCallsPerStepMs: perStep((turn) => {
        const timeline = turn.timeline;
        return timeline === undefined
          ? 0
          : timeline.overheadMs - timeline.startGapMs - timeline.tailGapMs;
      }),
      callGapMs: median(done.flatMap((turn) => turn.timeline?.callGapsMs ?? [])),
      startMs: median(done.map((turn) => turn.timeline?.startGapMs ?? Number.NaN)),
      tailMs: median(done.map((turn) => turn.timeline?.tailGapMs ?? Number.NaN)),
    },
    storageBytesPerStepMedian: median(
      done.flatMap((turn) =>
        turn.storage !== undefined && turn.storage.steps > 0
          ? [turn.storage.databaseBytes / turn.storage.steps]
          : [],
      ),
    ),
    prefixCache: {
      uncachedMedian: {
        judge: uncached('judge', 'base'),
        draftStep: uncached('step', 'draft'),
        baseStep: uncached('step', 'base'),
        stream: median(
          calls
            .filter((call) => call.kind === 'stream')
            .map((call) => call.promptTokens - call.cachedTokens),
        ),
      },
      cachedShare: { base: cachedShare('base'), draft: cachedShare('draft') },
      draftStepOutputMedian: median(
        calls
          .filter((call) => call.kind === 'step' && call.model === 'draft')
          .map((call) => call.outputTokens),
      ),
    },
  };
}

function busyOf(turns: readonly TurnResult[], model: string): number | undefined {
  const perTurn = turns.map((turn) =>
    sum(turn.calls.filter((call) => call.model === model).map((call) => call.busyMs)),
  );
  const average = mean(perTurn);
  return average === undefined ? undefined : average / 1000;
}
