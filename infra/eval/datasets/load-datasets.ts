/**
 * Resolves the command line's dataset specifications to problems: a benchmark by name (downloaded
 * from the Hugging Face datasets server), a benchmark in a local JSONL/JSON/Parquet file, or a
 * simulator world; then selects the subset to run.
 *
 * Specifications: `math500` · `gpqa-diamond=path/to/gpqa.parquet` · `path/to/aime.jsonl` (format
 * detected from its columns) · `sim:<world>`.
 */
import { downloadRows, HUGGING_FACE_SOURCES } from './huggingface.ts';
import { readRowsFromFile } from './local-file.ts';
import type { DatasetFormat, EvalProblem, LoadedDataset } from './problem.ts';
import { detectFormat, parseRows } from './row-parsers.ts';
import { loadWorld } from './simulator-worlds.ts';

/** The reference's subsets (reference/paper.md §1.1): MATH-500 and GPQA first 100, AIME all 30. */
export const REFERENCE_SUBSET_SIZE: Readonly<Record<DatasetFormat, number>> = {
  aime2024: 30,
  math500: 100,
  'gpqa-diamond': 100,
};

/** Problems asked of a simulator world when no limit is given. */
export const DEFAULT_WORLD_COUNT = 100;

const FORMAT_ALIASES: Readonly<Record<string, DatasetFormat>> = {
  aime: 'aime2024',
  aime2024: 'aime2024',
  'aime-2024': 'aime2024',
  math: 'math500',
  math500: 'math500',
  'math-500': 'math500',
  gpqa: 'gpqa-diamond',
  'gpqa-diamond': 'gpqa-diamond',
};

/** Which problems of each dataset to run. */
export interface Selection {
  /** `reference` keeps the paper's subset first; `all` starts from the whole split. */
  subset: 'reference' | 'all';
  /** Problems skipped from the start of the subset. */
  offset: number;
  /** At most this many problems after the offset. */
  limit?: number | undefined;
}

export interface LoadOptions {
  selection: Selection;
  seed: number;
  shuffleChoices: boolean;
  simulatorUrl?: string | undefined;
  huggingFaceToken?: string | undefined;
  fetch?: typeof fetch;
}

/** A parsed specification: where a dataset comes from. */
export type DatasetSource =
  | { kind: 'hub'; format: DatasetFormat }
  | { kind: 'file'; path: string; format?: DatasetFormat | undefined }
  | { kind: 'world'; world: string };

export function parseDatasetSpec(spec: string): DatasetSource {
  if (spec.startsWith('sim:')) return { kind: 'world', world: spec.slice('sim:'.length) };
  const equals = spec.indexOf('=');
  if (equals > 0) {
    return { kind: 'file', format: toFormat(spec.slice(0, equals)), path: spec.slice(equals + 1) };
  }
  if (/\.(jsonl|ndjson|json|parquet)$/i.test(spec)) return { kind: 'file', path: spec };
  return { kind: 'hub', format: toFormat(spec) };
}

export async function loadDataset(spec: string, options: LoadOptions): Promise<LoadedDataset> {
  const source = parseDatasetSpec(spec);
  const { selection } = options;
  const wanted = selection.limit === undefined ? undefined : selection.offset + selection.limit;
  if (source.kind === 'world') {
    if (options.simulatorUrl === undefined) {
      throw new Error(`Dataset ${spec} needs the simulator's URL (--sim-url or SIM_URL)`);
    }
    const problems = await loadWorld(source.world, {
      simulatorUrl: options.simulatorUrl,
      count: wanted ?? DEFAULT_WORLD_COUNT,
      seed: options.seed,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    return { name: spec, problems: slice(problems, selection), isSimulated: true };
  }
  const rows =
    source.kind === 'hub'
      ? await downloadRows(HUGGING_FACE_SOURCES[source.format], {
          count: cap(source.format, wanted, selection),
          token: options.huggingFaceToken,
          ...(options.fetch ? { fetch: options.fetch } : {}),
        })
      : await readRowsFromFile(source.path);
  const format = source.format ?? (rows[0] === undefined ? undefined : detectFormat(rows[0]));
  if (format === undefined) {
    throw new Error(`Cannot tell the format of ${spec}; name it, e.g. math500=${spec}`);
  }
  const problems = parseRows(format, rows, {
    dataset: format,
    seed: options.seed,
    shuffleChoices: options.shuffleChoices,
  });
  const subset =
    selection.subset === 'reference' ? problems.slice(0, REFERENCE_SUBSET_SIZE[format]) : problems;
  return { name: format, problems: slice(subset, selection), isSimulated: false };
}

function slice(problems: EvalProblem[], selection: Selection): EvalProblem[] {
  const end = selection.limit === undefined ? undefined : selection.offset + selection.limit;
  return problems.slice(selection.offset, end);
}

function cap(format: DatasetFormat, wanted: number | undefined, selection: Selection) {
  if (selection.subset === 'all') return wanted;
  return Math.min(wanted ?? Number.POSITIVE_INFINITY, REFERENCE_SUBSET_SIZE[format]);
}

function toFormat(name: string): DatasetFormat {
  const format = FORMAT_ALIASES[name.toLowerCase()];
  if (format === undefined) {
    const known = Object.keys(FORMAT_ALIASES).join(', ');
    throw new Error(`Unknown dataset "${name}"; known: ${known}, a file path, or sim:<world>`);
  }
  return format;
}
