/**
 * Reads dataset rows from a local file: JSON lines (`.jsonl`, `.ndjson`), a JSON array (`.json`)
 * or Parquet (`.parquet`, through hyparquet, which needs no native code). Owns file reading only.
 */
import { readFile } from 'node:fs/promises';
import { parquetReadObjects } from 'hyparquet';
import type { DatasetRow } from './row-parsers.ts';

/** All rows of the file at `path`, in file order. */
export async function readRowsFromFile(path: string): Promise<DatasetRow[]> {
  const lower = path.toLowerCase();
  if (lower.endsWith('.parquet')) {
    const bytes = await readFile(path);
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    return (await parquetReadObjects({ file })) as DatasetRow[];
  }
  const text = await readFile(path, 'utf8');
  if (lower.endsWith('.json')) {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) throw new TypeError(`Expected a JSON array of rows in ${path}`);
    return parsed.map((row, index) => asRow(row, `${path} item ${index}`));
  }
  return parseJsonLines(text, path);
}

/** Parses JSON lines, skipping blank lines; throws naming the file and line of a bad one. */
export function parseJsonLines(text: string, source: string): DatasetRow[] {
  const rows: DatasetRow[] = [];
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      throw new SyntaxError(`Line ${index + 1} of ${source} is not JSON`, { cause: error });
    }
    rows.push(asRow(parsed, `${source} line ${index + 1}`));
  }
  return rows;
}

export function asRow(value: unknown, where: string): DatasetRow {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`Expected an object at ${where}`);
  }
  return value as DatasetRow;
}
