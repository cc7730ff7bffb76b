/**
 * Downloads benchmark rows from the Hugging Face datasets server (`/rows`, 100 rows a page) when
 * the machine is online. Owns the URL, the page format and paging; fetch is injected, so tests
 * replay a recorded page and never reach the network.
 */

import { asRow } from './local-file.ts';
import type { DatasetFormat } from './problem.ts';
import type { DatasetRow } from './row-parsers.ts';

/** Where a dataset lives on the Hub. */
export interface HuggingFaceSource {
  dataset: string;
  config: string;
  split: string;
}

/** The Hub copies the paper used (reference/paper.md §1.1). GPQA is gated: it needs a token. */
export const HUGGING_FACE_SOURCES: Readonly<Record<DatasetFormat, HuggingFaceSource>> = {
  aime2024: { dataset: 'HuggingFaceH4/aime_2024', config: 'default', split: 'train' },
  math500: { dataset: 'HuggingFaceH4/MATH-500', config: 'default', split: 'test' },
  'gpqa-diamond': { dataset: 'Idavidrein/gpqa', config: 'gpqa_diamond', split: 'train' },
};

export const DATASETS_SERVER_URL = 'https://datasets-server.huggingface.co';
/** The largest page the server returns. */
export const ROWS_PAGE_LENGTH = 100;

export function buildRowsUrl(
  source: HuggingFaceSource,
  offset: number,
  length: number,
  serverUrl = DATASETS_SERVER_URL,
): string {
  const url = new URL('/rows', serverUrl);
  url.searchParams.set('dataset', source.dataset);
  url.searchParams.set('config', source.config);
  url.searchParams.set('split', source.split);
  url.searchParams.set('offset', String(offset));
  url.searchParams.set('length', String(length));
  return url.toString();
}

/** One page of `/rows`: its rows in `row_idx` order and the split's total row count. */
export interface RowsPage {
  rows: DatasetRow[];
  total: number;
}

export function parseRowsPage(body: unknown): RowsPage {
  const page = asRow(body, 'the datasets server reply');
  if (!Array.isArray(page.rows)) throw new TypeError('The datasets server reply has no rows');
  const entries = page.rows.map((entry, index) => asRow(entry, `rows[${index}]`));
  const sorted = [...entries].sort((a, b) => Number(a.row_idx) - Number(b.row_idx));
  const total = Number(page.num_rows_total);
  return {
    rows: sorted.map((entry, index) => asRow(entry.row, `rows[${index}].row`)),
    total: Number.isFinite(total) ? total : entries.length,
  };
}

export interface DownloadOptions {
  fetch?: typeof fetch;
  /** A Hugging Face access token, for gated datasets such as GPQA. */
  token?: string | undefined;
  /** Rows wanted from the start of the split; all when undefined. */
  count?: number | undefined;
  serverUrl?: string;
}

/** Downloads the first `count` rows (or all) of a split, page by page. */
export async function downloadRows(
  source: HuggingFaceSource,
  options: DownloadOptions = {},
): Promise<DatasetRow[]> {
  const fetchPage = options.fetch ?? fetch;
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const rows: DatasetRow[] = [];
  let total = options.count ?? Number.POSITIVE_INFINITY;
  while (rows.length < total) {
    const length = Math.min(ROWS_PAGE_LENGTH, total - rows.length);
    const url = buildRowsUrl(source, rows.length, length, options.serverUrl);
    const response = await fetchPage(url, { headers });
    if (!response.ok) {
      const detail = (await response.text()).slice(0, 300);
      throw new Error(
        `Dataset download failed with status ${response.status}: GET ${url} ${detail}`,
      );
    }
    const page = parseRowsPage(await response.json());
    rows.push(...page.rows);
    total = Math.min(total, page.total);
    if (page.rows.length === 0) break;
  }
  return rows;
}
