import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { parseJsonLines, readRowsFromFile } from './local-file.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');

describe('local dataset files', () => {
  it('reads JSON lines and skips blank lines', async () => {
    const rows = await readRowsFromFile(join(FIXTURES, 'aime-2024.jsonl'));
    expect(rows.map((row) => row.ID)).toEqual(['2024-I-1', '2024-I-2', '2024-II-1']);
  });

  it('names the line that is not JSON', () => {
    expect(() => parseJsonLines('{"a":1}\n{oops\n', 'data.jsonl')).toThrow(
      'Line 2 of data.jsonl is not JSON',
    );
  });

  it('reads a Parquet file with string and integer columns', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'eval-parquet-'));
    const path = join(directory, 'math500.parquet');
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'problem', data: ['Compute $2+2$.', 'Compute $3 \\cdot 3$.'], type: 'STRING' },
        { name: 'answer', data: ['4', '9'], type: 'STRING' },
        { name: 'level', data: [1, 2], type: 'INT32' },
        { name: 'unique_id', data: ['test/a/1.json', 'test/a/2.json'], type: 'STRING' },
      ],
    });
    await writeFile(path, new Uint8Array(buffer));
    const rows = await readRowsFromFile(path);
    expect(rows).toEqual([
      { problem: 'Compute $2+2$.', answer: '4', level: 1, unique_id: 'test/a/1.json' },
      { problem: 'Compute $3 \\cdot 3$.', answer: '9', level: 2, unique_id: 'test/a/2.json' },
    ]);
  });
});
