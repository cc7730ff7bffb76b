/**
 * The paper's published numbers that a run can be set beside (SpecReason, arXiv 2504.07891 v2, as
 * collected in reference/paper.md §1.3, §1.5 and §1.6). Only values the text states are here: the
 * per-scheme points of Fig. 3 exist only as plots and are not recoverable.
 */
import type { DatasetFormat } from '../datasets/problem.ts';
import type { SweepConfig } from '../run/sweep-plan.ts';

export const PAPER_SETUP =
  'QwQ-32B + DeepSeek-R1-Distill-Qwen-1.5B on 2×A6000 (vLLM 0.8.2, TP2, sequential), ' +
  'pass@1 over k=16 at temperature 0.6, 8192-token budget';

/** One published point: accuracy in percent, latency per query in seconds. */
export interface PaperPoint {
  accuracyPercent: number;
  latencySeconds: number;
  source: string;
}

/** §1.5 (Fig. 5): thresholds 3 and 7 on a subset of each dataset, QwQ-32B + R1-1.5B. */
export const THRESHOLD_SWEEP: Readonly<Record<DatasetFormat, Readonly<Record<3 | 7, PaperPoint>>>> =
  {
    math500: {
      3: { accuracyPercent: 59.4, latencySeconds: 35.7, source: '§1.5, Fig. 5' },
      7: { accuracyPercent: 63.7, latencySeconds: 69.2, source: '§1.5, Fig. 5' },
    },
    aime2024: {
      3: { accuracyPercent: 22.3, latencySeconds: 109.4, source: '§1.5, Fig. 5' },
      7: { accuracyPercent: 39.3, latencySeconds: 261.9, source: '§1.5, Fig. 5' },
    },
    'gpqa-diamond': {
      3: { accuracyPercent: 33.1, latencySeconds: 72.7, source: '§1.5, Fig. 5' },
      7: { accuracyPercent: 50.7, latencySeconds: 223.0, source: '§1.5, Fig. 5' },
    },
  };

/** §1.6 (Fig. 6): the first n steps by the base model, AIME subset; only n = 0 and 40 are given. */
export const FIRST_N_BASE_STEPS: Readonly<Record<0 | 40, PaperPoint>> = {
  0: { accuracyPercent: 33.2, latencySeconds: 270.4, source: '§1.6, Fig. 6' },
  40: { accuracyPercent: 37.3, latencySeconds: 292.6, source: '§1.6, Fig. 6' },
};

/** §1.3: ranges across MATH, AIME and GPQA; the text does not say which dataset gives which end. */
export const HEADLINE_RANGES = {
  speedup: '1.5–2.5×',
  accuracyChange: '+1.3–3.6 points',
  smallModelStepShare: '38.1–80.0%',
  overallSpeedup: '1.4–3.0×',
  overallAccuracyChange: '+0.4–9.0 points',
  source: '§1.3; the first three for QwQ-32B + R1-1.5B, the overall ones across four model pairs',
} as const;

/** The published point for a dataset × configuration, where the paper states one. */
export function paperPoint(dataset: string, config: SweepConfig): PaperPoint | undefined {
  if (config.mode !== 'speculative' || config.scoreMethod !== 'greedy') return undefined;
  if (dataset === 'aime2024' && config.firstNBaseSteps === 40) return FIRST_N_BASE_STEPS[40];
  if (config.firstNBaseSteps !== 0 || (config.threshold !== 3 && config.threshold !== 7)) {
    return undefined;
  }
  const sweep = THRESHOLD_SWEEP[dataset as DatasetFormat] as
    | (typeof THRESHOLD_SWEEP)['math500']
    | undefined;
  return sweep?.[config.threshold];
}
