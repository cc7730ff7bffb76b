/**
 * The report as markdown: how it was made, the targets met or not, then per profile the mode
 * comparison, the pipelining gain, the threshold sweep and prefix-cache reuse, then the Worker's
 * own footprint. Accuracy is labelled simulated whenever the models are. Pure.
 */
import type { BenchReport, ProfileReport } from './build-report.ts';
import { adapterOverheadMs, type FloorResult } from './platform-floor.ts';
import type { ConfigSummary } from './summarize.ts';
import type { WorkerFootprint } from './worker-footprint.ts';
import { overheadFigures } from './worker-overhead.ts';

const number = (value: number | undefined, digits = 2) =>
  value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);
const seconds = (ms: number | undefined) => number(ms === undefined ? undefined : ms / 1000, 2);
const percent = (value: number | undefined) =>
  value === undefined ? '–' : `${(value * 100).toFixed(0)}%`;
const times = (value: number | undefined) => (value === undefined ? '–' : `${value.toFixed(2)}×`);

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function renderMarkdown(report: BenchReport): string {
  const { facts, options } = report;
  const simulated = options.real === undefined;
  const loads = facts.machine.loadAverage.map((load) => load.oneMinute.toFixed(2)).join(', ');
  const parts = [
    `# SpecReason Edge benchmark (${options.setting})`,
    simulated
      ? "_Models are simulated (infra/simulator): latency comes from each profile's timing model and **accuracy is simulated** (graded against the simulator world's answer)._"
      : `_Real endpoints: base \`${options.real?.baseModel}\`, draft \`${options.real?.draftModel}\`. Accuracy is graded against the simulator world's answer; efficiency is not available (no busy-time record)._`,
    '',
    `- Command: \`${facts.command}\``,
    `- Measured: commit \`${facts.commit.slice(0, 12)}\` (${facts.tree}), ${facts.startedAt}, ${facts.durationSeconds.toFixed(0)} s`,
    `- Machine: ${facts.machine.cpus} CPUs, Node ${facts.machine.node}; 1-minute load average during the run: ${loads}`,
    `- Problems: ${options.worlds.map((world) => `${world.world} × ${world.count}`).join(', ')} (world seed ${options.worldSeed}); request seeds ${options.seeds.join(', ')}; threshold ${options.threshold}; sweep ${options.sweepModes.join(', ')} over ${[...new Set([...options.sweepThresholds, options.threshold])].sort().join(', ')} (first seed)`,
    '',
    '## Targets',
    '',
    table(
      ['target', 'measured', 'met', 'detail'],
      report.targets.map((target) => [
        target.target,
        target.value,
        target.met === undefined ? 'n/a' : target.met ? 'yes' : '**no**',
        target.detail,
      ]),
    ),
    '',
    ...report.profiles.flatMap((profile) => renderProfile(profile, simulated)),
    ...(report.footprint === undefined ? [] : renderFootprint(report.footprint)),
  ];
  return `${parts.join('\n')}\n`;
}

function renderProfile(profile: ProfileReport, simulated: boolean): string[] {
  const scales = [...new Set(profile.compare.map((summary) => summary.timeScale))].join(', ');
  const accuracy = simulated ? 'accuracy (simulated)' : 'accuracy';
  return [
    `## Profile \`${profile.name}\``,
    '',
    simulated
      ? `Time scale ${scales}. Latency is model time with the Worker's time in real ms (see the README's method). Speedup is over \`base\` on the same problems and seeds.`
      : "Latency is each turn's wall clock. Speedup is over `base` on the same problems and seeds.",
    '',
    table(
      [
        'mode',
        'turns',
        'latency median s',
        'p90 s',
        'speedup',
        'accept',
        'draft steps',
        accuracy,
        'efficiency',
        'overhead ms/step',
        'of which between calls',
        'kept tokens draft/base',
        'generated draft/base',
        'discarded',
        'GPU s draft/base',
        'DB bytes/step',
      ],
      profile.compare.map((summary) => compareRow(summary)),
    ),
    '',
    ...(profile.pipelineGain.length === 0
      ? []
      : [
          `Pipelining against sequential speculative (same problems and seeds): ${profile.pipelineGain.map((gain) => `${gain.mode} ${times(gain.ofMedians)} (median of per-problem ratios ${times(gain.pairedMedian)})`).join('; ')}.`,
          '',
        ]),
    `Threshold sweep (first seed); plot: [sweep-${profile.name}.svg](sweep-${profile.name}.svg), per-problem speedup: [speedup-${profile.name}.svg](speedup-${profile.name}.svg).`,
    '',
    table(
      ['mode', 'threshold', 'turns', 'latency median s', 'speedup', 'accept', accuracy],
      profile.sweep.map((summary) => [
        summary.mode,
        String(summary.threshold),
        String(summary.turns),
        seconds(summary.latency.median),
        times(summary.speedup),
        percent(summary.acceptRate),
        percent(summary.accuracy),
      ]),
    ),
    '',
    ...(simulated ? prefixTable(profile) : []),
  ];
}

function prefixTable(profile: ProfileReport): string[] {
  return [
    'Prefix-cache reuse: median prompt tokens the model had to compute per call (a judge computes the judged draft step, the fixed judge instruction and prefix, and less than one 16-token cache block), and the share of prompt tokens served from the cache:',
    '',
    table(
      [
        'mode',
        'judge',
        'draft step output',
        'draft step',
        'base step',
        'answer / free run',
        'cached base',
        'cached draft',
      ],
      profile.compare.map((summary) => {
        const { uncachedMedian: uncached, cachedShare } = summary.prefixCache;
        return [
          summary.mode,
          number(uncached.judge, 0),
          number(summary.prefixCache.draftStepOutputMedian, 0),
          number(uncached.draftStep, 0),
          number(uncached.baseStep, 0),
          number(uncached.stream, 0),
          percent(cachedShare.base),
          percent(cachedShare.draft),
        ];
      }),
    ),
    '',
  ];
}

function compareRow(summary: ConfigSummary): string[] {
  const tokens = summary.tokens;
  return [
    summary.mode,
    `${summary.turns - summary.failed}${summary.failed > 0 ? ` (+${summary.failed} failed)` : ''}`,
    seconds(summary.latency.median),
    seconds(summary.latency.p90),
    summary.mode === 'base' ? '1.00×' : times(summary.speedup),
    percent(summary.acceptRate),
    percent(summary.draftStepShare),
    percent(summary.accuracy),
    number(summary.efficiency.median, 3),
    number(summary.overhead.perStepMs, 1),
    number(summary.overhead.betweenCallsPerStepMs, 1),
    `${number(tokens.keptDraft, 0)}/${number(tokens.keptBase, 0)}`,
    `${number(tokens.draftGenerated, 0)}/${number(tokens.baseGenerated, 0)}`,
    number(tokens.discarded, 0),
    `${number(summary.busySeconds.draft, 1)}/${number(summary.busySeconds.base, 1)}`,
    number(summary.storageBytesPerStepMedian, 0),
  ];
}

function renderFootprint(footprint: WorkerFootprint): string[] {
  const { overhead, storage, memory } = footprint;
  const modes = [...new Set(overhead.turns.map((turn) => turn.mode))];
  const rows = modes.map((mode) => {
    const figures = overheadFigures(overhead.turns.filter((turn) => turn.mode === mode));
    return [
      mode,
      String(figures.turns),
      number(figures.betweenCallsPerStepMs),
      number(figures.inclusivePerStepMs),
      number(figures.callGapMs),
      number(figures.callsPerStep, 1),
      number(figures.startMs, 1),
      number(figures.tailMs, 1),
    ];
  });
  const floor = overhead.floor;
  const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);
  return [
    "## The Worker's own footprint (real milliseconds)",
    '',
    `Overhead at real time (time scale ${overhead.timeScale}) on \`${overhead.profile}\`: the Worker's time between model calls and at the turn's start and end.`,
    '',
    table(
      [
        'mode',
        'turns',
        'ms per step between calls',
        'ms per step incl. turn start/end',
        'one gap (median)',
        'calls per step',
        'turn start ms',
        'turn end ms',
      ],
      rows,
    ),
    '',
    `workerd CPU time over these turns: ${number(overhead.workerdCpuMsPerStep, 1)} ms per kept step (streaming, storage, logs, the inspector wrangler attaches; on or off the critical path).`,
    floor === undefined
      ? ''
      : `Platform floor (a bare Durable Object loop under the same wrangler dev, tap and simulator, one SQLite commit per call, ${floor.calls} calls): ${number(floor.streamedGapMs)} ms per call with a streamed answer, ${number(floor.wholeGapMs)} ms with a whole one.${adapterLine(floor)}`,
    '',
    `Storage (time scale 0): one conversation, database bytes after each turn against its kept steps: ${storage.points.map((point) => `${point.steps}→${point.bytes}`).join(', ')}; slope ${number(storage.bytesPerStep, 0)} bytes per step (${number(storage.stepTextBytesPerStep, 0)} bytes of step text per step).`,
    '',
    ...(memory.length === 0
      ? []
      : [
          'Memory (time scale 0): long turns; the isolate heap is read after a full collection (a heap snapshot), before, during and after each turn.',
          '',
          table(
            [
              'long turn',
              'steps',
              'step text bytes',
              'heap before MiB',
              'heap during (steps→MiB)',
              'heap after MiB',
              'heap bytes/step',
              'workerd RSS before→after MiB',
            ],
            memory.map((turn, index) => [
              String(index + 1),
              String(turn.steps),
              String(turn.stepTextBytes),
              mib(turn.heap.before),
              turn.heap.during
                .map((reading) => `${reading.steps}→${mib(reading.bytes)}`)
                .join(', '),
              mib(turn.heap.after),
              number(turn.heapBytesPerStep, 0),
              `${mib(turn.resident.before)}→${mib(turn.resident.after)}`,
            ]),
          ),
          '',
        ]),
  ];
}

/** The adapter's side-by-side loop, when the run measured it. */
function adapterLine(floor: FloorResult): string {
  if (floor.adapter === undefined) return '';
  const over = adapterOverheadMs(floor);
  return ` The same loop read by the adapter (same requests, interleaved): ${number(floor.adapter.streamedGapMs)} ms streamed, ${number(floor.adapter.wholeGapMs)} ms whole, so the adapter costs ${number(over.streamed)} ms (streamed) / ${number(over.whole)} ms (whole) per call over a bare \`fetch\` + \`text()\`.`;
}
