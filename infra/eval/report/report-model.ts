/**
 * The report as data (written as report.json and rendered as Markdown): what was run, whether its
 * accuracy is simulated, one row of figures per dataset × configuration with the paper's point
 * beside it where one exists, and the paper's anchors. Pure.
 */
import type { EvalOptions } from '../cli-options.ts';
import type { SampleResult } from '../run/results-file.ts';
import { aggregate, type CellStats } from './aggregate.ts';
import {
  FIRST_N_BASE_STEPS,
  HEADLINE_RANGES,
  PAPER_SETUP,
  type PaperPoint,
  paperPoint,
  THRESHOLD_SWEEP,
} from './paper-anchors.ts';

/**
 * What a run was asked to do (the options it ran with, its datasets as loaded); saved as
 * run.json beside the results.
 */
export interface RunDescription
  extends Pick<
    EvalOptions,
    | 'url'
    | 'model'
    | 'samples'
    | 'modes'
    | 'thresholds'
    | 'scoreMethod'
    | 'firstNBaseSteps'
    | 'tokenBudget'
    | 'semantics'
    | 'seed'
    | 'shuffleChoices'
    | 'concurrency'
  > {
  datasets: Array<{ name: string; spec: string; problems: number; isSimulated: boolean }>;
  /** Forced by `--simulated`, or true when any dataset is a simulator world. */
  isSimulated: boolean;
  startedAt: string;
}

export interface ReportRow extends CellStats {
  /** True when this row's accuracy comes from the simulator. */
  isAccuracySimulated: boolean;
  paper: PaperPoint | undefined;
}

export interface Report {
  title: string;
  isSimulated: boolean;
  generatedAt: string;
  run: RunDescription;
  rows: ReportRow[];
  paper: {
    setup: string;
    headline: typeof HEADLINE_RANGES;
    thresholdSweep: typeof THRESHOLD_SWEEP;
    firstNBaseSteps: typeof FIRST_N_BASE_STEPS;
  };
}

export function buildReport(
  results: readonly SampleResult[],
  run: RunDescription,
  generatedAt: Date,
): Report {
  const simulatedDatasets = new Set(
    run.datasets.filter((dataset) => dataset.isSimulated).map((dataset) => dataset.name),
  );
  const rows = aggregate(results).map((cell) => ({
    ...cell,
    isAccuracySimulated: run.isSimulated || simulatedDatasets.has(cell.dataset),
    paper: paperPoint(cell.dataset, cell.config),
  }));
  return {
    title: `SpecReason Edge evaluation${run.isSimulated ? ' (simulated)' : ''}`,
    isSimulated: run.isSimulated,
    generatedAt: generatedAt.toISOString(),
    run,
    rows,
    paper: {
      setup: PAPER_SETUP,
      headline: HEADLINE_RANGES,
      thresholdSweep: THRESHOLD_SWEEP,
      firstNBaseSteps: FIRST_N_BASE_STEPS,
    },
  };
}
