/**
 * Renders the report as Markdown: the run, one section per dataset (plot, accuracy and latency
 * beside the paper's numbers, then steps and tokens by origin), the paper's anchors and how the
 * figures are computed. Simulated accuracy is labelled in the title, in every column header and
 * in every figure. Pure.
 */
import {
  FIRST_N_BASE_STEPS,
  HEADLINE_RANGES,
  PAPER_SETUP,
  THRESHOLD_SWEEP,
} from './paper-anchors.ts';
import type { Report, ReportRow } from './report-model.ts';

const DASH = '—';

/** `plots` maps a dataset name to its SVG's path relative to the Markdown file. */
export function renderMarkdown(report: Report, plots: ReadonlyMap<string, string>): string {
  const { run } = report;
  const lines: string[] = [`# ${report.title}`, ''];
  if (report.isSimulated) {
    lines.push(
      '> **Simulated.** The answers come from the simulator, not from real models: every accuracy',
      '> figure below is simulated and says nothing about a real model. Latencies follow the',
      "> simulator's latency profile.",
      '',
    );
  }
  lines.push(
    `- Generated ${report.generatedAt}; run started ${run.startedAt}`,
    `- API: \`${run.url}\`, model \`${run.model}\``,
    `- Datasets: ${run.datasets.map((dataset) => `${dataset.name} (${dataset.problems} problems, \`${dataset.spec}\`)`).join('; ')}`,
    `- k = ${run.samples} samples per problem; modes ${run.modes.join(', ')}; thresholds ${run.thresholds.join(', ')}`,
    `- Score method ${run.scoreMethod}; first ${run.firstNBaseSteps} steps by the base model; token budget ${run.tokenBudget}; seed ${run.seed}; concurrency ${run.concurrency}`,
    `- Semantics: ${semanticsLine(run.semantics ?? 'product')}`,
    `- Every mode stops thinking at the same budget of ${run.tokenBudget} tokens, counted by the server (speculative mode: the kept steps' completion tokens; base and draft: the free run's \`max_tokens\`); the answer is a separate call with its own bound, its tokens reported apart.`,
    "- Accuracy is graded two ways: with the answer phase (the reply's content, else the last step) and without it (the answer stated in the kept steps only, the content ignored: how the reference, which has no answer phase, is graded).",
    `- Multiple-choice options ${run.shuffleChoices ? `shuffled with seed ${run.seed} (the reference always put the correct answer first)` : "in the reference's order (correct answer always A)"}`,
    '',
  );
  for (const dataset of [...new Set(report.rows.map((row) => row.dataset))]) {
    const rows = report.rows.filter((row) => row.dataset === dataset);
    lines.push(`## ${dataset}`, '');
    const plot = plots.get(dataset);
    if (plot !== undefined) lines.push(`![accuracy vs latency, ${dataset}](${plot})`, '');
    lines.push(...accuracyTable(rows), '', ...stepsTable(rows), '');
  }
  if (report.rows.length === 0) lines.push('No finished samples yet.', '');
  lines.push(...paperSection(), ...notes());
  return `${lines.join('\n')}\n`;
}

function semanticsLine(semantics: 'product' | 'reference'): string {
  return semantics === 'reference'
    ? "reference: the reference implementation's exact semantics (no seed sent, its raw-token scoring rules, the judge reads the raw step); the README's table of differences lists them"
    : "product: SpecReason Edge's own choices where it differs from the reference (per-call seeds, whitespace-tolerant scoring, the judge reads the kept step); the README's table of differences lists each, and `--semantics reference` restores the reference's";
}

function accuracyTable(rows: readonly ReportRow[]): string[] {
  const simulated = rows.some((row) => row.isAccuracySimulated);
  const accuracyHeader = simulated ? 'accuracy (simulated)' : 'accuracy';
  const header = [
    'configuration',
    'problems',
    'samples',
    'failed',
    accuracyHeader,
    'no answer phase',
    'Δ vs base',
    'paper accuracy',
    'mean latency',
    'p50',
    'p90',
    'paper latency',
    'speedup vs base',
    'paper speedup',
  ];
  const body = rows.map((row) => {
    const label = row.isAccuracySimulated ? ' (simulated)' : '';
    return [
      row.label,
      String(row.problems),
      String(row.samples),
      String(row.failed),
      row.accuracy === undefined ? DASH : `${percent(row.accuracy)}${label}`,
      row.accuracyWithoutAnswerPhase === undefined
        ? DASH
        : `${percent(row.accuracyWithoutAnswerPhase)}${label}`,
      row.accuracyChangeVsBase === undefined || row.config.mode === 'base'
        ? DASH
        : `${points(row.accuracyChangeVsBase)}${label}`,
      row.paper === undefined
        ? DASH
        : `${row.paper.accuracyPercent.toFixed(1)}% (${row.paper.source})`,
      row.latency === undefined ? DASH : seconds(row.latency.meanMs),
      row.latency === undefined ? DASH : seconds(row.latency.p50Ms),
      row.latency === undefined ? DASH : seconds(row.latency.p90Ms),
      row.paper === undefined ? DASH : `${row.paper.latencySeconds.toFixed(1)} s`,
      row.speedupVsBase === undefined || row.config.mode === 'base'
        ? DASH
        : `${row.speedupVsBase.toFixed(2)}×`,
      row.config.mode === 'speculative' && row.dataset in THRESHOLD_SWEEP
        ? HEADLINE_RANGES.speedup
        : DASH,
    ];
  });
  return table(header, body);
}

function stepsTable(rows: readonly ReportRow[]): string[] {
  const header = [
    'configuration',
    'accept rate',
    'small-model step share',
    'paper share',
    'draft tokens',
    'base tokens',
    'judge prefill tokens',
    'judge calls',
    'server time',
    'cost',
  ];
  const body = rows.map((row) => [
    row.label,
    // Only speculative runs judge drafts; the other modes have no accept rate or step mix.
    row.acceptRate === undefined || row.config.mode !== 'speculative'
      ? DASH
      : percent(row.acceptRate),
    row.smallModelStepShare === undefined || row.config.mode !== 'speculative'
      ? DASH
      : percent(row.smallModelStepShare),
    row.config.mode === 'speculative' ? HEADLINE_RANGES.smallModelStepShare : DASH,
    count(row.tokens.draft),
    count(row.tokens.base),
    count(row.tokens.judgePrefill),
    count(row.judgeCallsMean),
    row.serverElapsedMeanMs === undefined ? DASH : seconds(row.serverElapsedMeanMs),
    row.costUsdMean === undefined ? DASH : `$${row.costUsdMean.toFixed(4)}`,
  ]);
  return table(header, body);
}

function paperSection(): string[] {
  const sweep = Object.entries(THRESHOLD_SWEEP).map(([dataset, byThreshold]) => [
    dataset,
    `${byThreshold[3].latencySeconds} s / ${byThreshold[3].accuracyPercent}%`,
    `${byThreshold[7].latencySeconds} s / ${byThreshold[7].accuracyPercent}%`,
  ]);
  return [
    '## The paper, for comparison',
    '',
    `Setting: ${PAPER_SETUP}.`,
    '',
    `- Speedup over base ${HEADLINE_RANGES.speedup}, accuracy ${HEADLINE_RANGES.accuracyChange}, small-model step share ${HEADLINE_RANGES.smallModelStepShare}; across all four model pairs ${HEADLINE_RANGES.overallSpeedup} and ${HEADLINE_RANGES.overallAccuracyChange} (${HEADLINE_RANGES.source}).`,
    `- First n steps by the base model (AIME subset): n = 0 → ${FIRST_N_BASE_STEPS[0].accuracyPercent}% in ${FIRST_N_BASE_STEPS[0].latencySeconds} s; n = 40 → ${FIRST_N_BASE_STEPS[40].accuracyPercent}% in ${FIRST_N_BASE_STEPS[40].latencySeconds} s (§1.6, Fig. 6).`,
    '',
    'Threshold sweep (§1.5, Fig. 5; latency per query / accuracy):',
    '',
    ...table(['dataset', 'threshold 3', 'threshold 7'], sweep),
    '',
  ];
}

function notes(): string[] {
  return [
    '## How the figures are computed',
    '',
    '- Accuracy is pass@1 averaged over the k samples of each problem, then over problems (as the paper); "no answer phase" grades the same replies from the kept steps alone.',
    "- Latency is the client-side wall time of the request that succeeded (retries excluded); server time is the API's own `elapsed_ms`.",
    '- Failed samples (after retries) are left out of accuracy and latency and counted under "failed".',
    '- Speedup vs base = mean latency of the base run / mean latency of the row, same dataset and budget.',
    '- Accept rate = accepted drafts / proposed drafts; small-model step share = accepted drafts / kept steps.',
    "- Tokens, judge calls, server time and cost are means per answered sample from the API's `usage.specreason`.",
    '',
  ];
}

function table(header: readonly string[], body: readonly string[][]): string[] {
  const row = (cells: readonly string[]) =>
    `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [row(header), row(header.map(() => '---')), ...body.map(row)];
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

function points(fraction: number): string {
  const value = fraction * 100;
  return `${value >= 0 ? '+' : ''}${value.toFixed(1)} pts`;
}

function seconds(milliseconds: number): string {
  return milliseconds >= 1000
    ? `${(milliseconds / 1000).toFixed(1)} s`
    : `${Math.round(milliseconds)} ms`;
}

function count(value: number | undefined): string {
  return value === undefined ? DASH : value.toFixed(value >= 100 ? 0 : 1);
}
