/**
 * The issue's targets, checked against the report (reported, never asserted in tests):
 * sequential speculative vs base on paper-a6000 inside the paper's 1.4–3.0× band with
 * efficiency ≥ 0.95; pipelined vs sequential on edge ≥ 1.15×; Worker overhead ≤ 2 ms per step;
 * storage ≤ 4 KB per step; Durable Object memory flat in the number of steps. Pure.
 */
import { adapterOverheadMs, type FloorResult } from './platform-floor.ts';
import { pooledSlope } from './statistics.ts';
import type { ConfigSummary } from './summarize.ts';
import type { WorkerFootprint } from './worker-footprint.ts';
import { overheadFigures } from './worker-overhead.ts';

export interface TargetResult {
  target: string;
  /** The measured value, formatted. */
  value: string;
  /** Undefined when it could not be measured in this run. */
  met: boolean | undefined;
  detail: string;
}

/** The paper's share of steps written by the small model (QwQ-32B + R1-1.5B, §5.2). */
const PAPER_ACCEPT_RANGE = [0.38, 0.8] as const;
const PAPER_SPEEDUP_RANGE = [1.4, 3.0] as const;

const fixed = (value: number | undefined, digits = 2) =>
  value === undefined ? 'n/a' : value.toFixed(digits);

/** What the targets read of a profile's report (build-report.ts's ProfileReport, which calls this). */
interface ProfileFigures {
  name: string;
  compare: readonly ConfigSummary[];
  sweep: readonly ConfigSummary[];
  pipelineGain: readonly {
    mode: ConfigSummary['mode'];
    ofMedians?: number;
    pairedMedian?: number;
  }[];
}

export function evaluateTargets(
  profiles: readonly ProfileFigures[],
  footprint: WorkerFootprint | undefined,
  simulated: boolean,
): TargetResult[] {
  const results: TargetResult[] = [];
  const find = (profile: string) => profiles.find((report) => report.name === profile);
  const paper = find('paper-a6000');
  const sequential = paper?.compare.find((summary) => summary.mode === 'speculative');
  if (sequential !== undefined) results.push(...paperTargets(sequential, paper?.sweep ?? []));
  const edge = find('edge');
  const edgeSequential = edge?.compare.find((summary) => summary.mode === 'speculative');
  for (const gain of edge?.pipelineGain ?? []) {
    const pipelined = edge?.compare.find((summary) => summary.mode === gain.mode);
    if (edgeSequential === undefined || pipelined === undefined) continue;
    results.push({
      target: `edge: pipelined (${gain.mode}) vs sequential ≥ 1.15×`,
      value: `${fixed(gain.ofMedians)}×`,
      met: gain.ofMedians === undefined ? undefined : gain.ofMedians >= 1.15,
      detail: `median latency ${fixed(seconds(edgeSequential))} s sequential, ${fixed(seconds(pipelined))} s ${gain.mode}; median of per-problem ratios ${fixed(gain.pairedMedian)}×`,
    });
  }
  if (footprint !== undefined) results.push(...footprintTargets(footprint));
  if (!simulated) {
    results.push({
      target: 'efficiency',
      value: 'n/a',
      met: undefined,
      detail:
        'real endpoints keep no busy-time record, so ideal latency and efficiency are unknown',
    });
  }
  return results;
}

function paperTargets(sequential: ConfigSummary, sweep: readonly ConfigSummary[]): TargetResult[] {
  const [low, high] = PAPER_SPEEDUP_RANGE;
  const inPaperRange = (rate: number | undefined) =>
    rate !== undefined && rate >= PAPER_ACCEPT_RANGE[0] && rate <= PAPER_ACCEPT_RANGE[1];
  const atPaperRates = sweep.filter(
    (summary) => summary.mode === 'speculative' && inPaperRange(summary.acceptRate),
  );
  const sweepNote =
    atPaperRates.length === 0
      ? "no swept threshold gave an accept rate inside the paper's 38–80%"
      : `at the paper's accept rates: ${atPaperRates.map((summary) => `threshold ${summary.threshold} (accept ${fixed(summary.acceptRate)}) ${fixed(summary.speedup)}×`).join(', ')}`;
  const speedup = sequential.speedup;
  return [
    {
      target: 'paper-a6000: sequential speculative vs base inside 1.4–3.0×',
      value: `${fixed(speedup)}× at threshold ${sequential.threshold}`,
      met: speedup === undefined ? undefined : speedup >= low && speedup <= high,
      detail: `accept rate ${fixed(sequential.acceptRate)} (paper 0.38–0.80${inPaperRange(sequential.acceptRate) ? '' : ': outside'}); ${sweepNote}`,
    },
    {
      target: 'paper-a6000: efficiency ≥ 0.95 (sequential speculative)',
      value: fixed(sequential.efficiency.median, 3),
      met:
        sequential.efficiency.median === undefined
          ? undefined
          : sequential.efficiency.median >= 0.95,
      detail: `median over turns of ideal / measured latency; pooled ${fixed(sequential.efficiency.pooled, 3)}`,
    },
  ];
}

function footprintTargets(footprint: WorkerFootprint): TargetResult[] {
  const { overhead, storage, memory } = footprint;
  const figures = overheadFigures(overhead.turns);
  const floor = overhead.floor;
  const where = `${figures.turns} speculative turns (off, draft-ahead, hedged) at real time on ${overhead.profile}`;
  const floorNote =
    floor === undefined
      ? ''
      : `; a bare Durable Object loop here leaves ${fixed(floor.streamedGapMs)} ms (streamed answer) / ${fixed(floor.wholeGapMs)} ms (whole answer) per call, against ${fixed(figures.callGapMs)} ms for ours, at ${fixed(figures.callsPerStep, 1)} calls per step`;
  const pooled = pooledSlope(
    memory.map((turn) =>
      turn.heap.during.map((reading) => [reading.steps, reading.bytes] as const),
    ),
  );
  const margin = pooled?.standardError === undefined ? undefined : 2 * pooled.standardError;
  const textPerStep =
    memory[0] === undefined || memory[0].steps === 0
      ? undefined
      : memory[0].stepTextBytes / memory[0].steps;
  const settled = memory.map((turn) => (turn.heap.after - turn.heap.before) / 1024);
  return [
    {
      target: 'Worker overhead ≤ 2 ms per step (median), between model calls',
      value: `${fixed(figures.betweenCallsPerStepMs)} ms`,
      met:
        figures.betweenCallsPerStepMs === undefined
          ? undefined
          : figures.betweenCallsPerStepMs <= 2,
      detail: `${where}${floorNote}; workerd CPU ${fixed(overhead.workerdCpuMsPerStep, 1)} ms per step in all`,
    },
    adapterTarget(floor),
    {
      target: 'Worker overhead ≤ 2 ms per step (median), turn start and end included',
      value: `${fixed(figures.inclusivePerStepMs)} ms`,
      met: figures.inclusivePerStepMs === undefined ? undefined : figures.inclusivePerStepMs <= 2,
      detail: `turn start ${fixed(figures.startMs, 1)} ms (request, Durable Object, alarm, first call), end ${fixed(figures.tailMs, 1)} ms (answer relayed to the client), spread over the turn's steps`,
    },
    {
      target: 'Durable Object storage ≤ 4 KB per step',
      value: `${fixed(storage.bytesPerStep === undefined ? undefined : storage.bytesPerStep / 1024)} KB`,
      met: storage.bytesPerStep === undefined ? undefined : storage.bytesPerStep <= 4096,
      detail: `slope of database bytes over kept steps across ${storage.points.length} turns of one conversation; the simulated steps hold ${fixed(storage.stepTextBytesPerStep, 0)} bytes of text each`,
    },
    {
      target: 'Durable Object memory does not grow with the number of steps',
      value: `${fixed(pooled?.slope, 0)} ± ${fixed(margin, 0)} bytes per step`,
      met: pooled === undefined ? undefined : pooled.slope <= 1024,
      detail: `retained isolate heap (after a full collection) against kept steps during ${memory.length} long turns of ${memory[0]?.steps ?? 0} steps, one slope over all readings (± two standard errors); the kept steps it must hold for the prompts are ${fixed(textPerStep, 0)} bytes of text each; heap after each turn minus before it: ${settled.map((value) => `${value.toFixed(0)} KB`).join(', ')}`,
    },
  ];
}

function seconds(summary: ConfigSummary): number | undefined {
  return summary.latency.median === undefined ? undefined : summary.latency.median / 1000;
}

/** Issue 14: the adapter reads a finished reply within 0.5 ms of a bare `fetch` + `text()`. */
function adapterTarget(floor: FloorResult | undefined): TargetResult {
  const over = adapterOverheadMs(floor);
  const worst =
    over.streamed === undefined || over.whole === undefined
      ? undefined
      : Math.max(over.streamed, over.whole);
  return {
    target: 'Adapter overhead ≤ 0.5 ms per call over a bare fetch + text() (same Durable Object)',
    value: `${fixed(worst)} ms`,
    met: worst === undefined ? undefined : worst <= 0.5,
    detail: `median gap per call, adapter − bare, interleaved in one run: streamed ${fixed(over.streamed)} ms, whole ${fixed(over.whole)} ms`,
  };
}
