import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset, parseDatasetSpec, type Selection } from './load-datasets.ts';

const AIME = join(import.meta.dirname, 'fixtures', 'aime-2024.jsonl');
const reference: Selection = { subset: 'reference', offset: 0 };
const base = { seed: 0, shuffleChoices: true };

/** A datasets-server stand-in holding `total` generated MATH-500 rows; records requested pages. */
function hub(total: number) {
  const pages: string[] = [];
  const fetch = async (input: string | URL | Request) => {
    const url = new URL(String(input));
    const offset = Number(url.searchParams.get('offset'));
    const length = Math.min(Number(url.searchParams.get('length')), total - offset);
    pages.push(`${offset}+${length}`);
    const rows = Array.from({ length }, (_, index) => ({
      row_idx: offset + index,
      row: {
        problem: 'q',
        answer: '1',
        subject: 'Algebra',
        level: 1,
        unique_id: `u${offset + index}`,
      },
    }));
    return Response.json({ rows, num_rows_total: total });
  };
  return { fetch: fetch as typeof globalThis.fetch, pages };
}

describe('dataset specifications', () => {
  it('reads names, named files, bare files and simulator worlds', () => {
    expect(parseDatasetSpec('math-500')).toEqual({ kind: 'hub', format: 'math500' });
    expect(parseDatasetSpec('gpqa=/data/gpqa.parquet')).toEqual({
      kind: 'file',
      format: 'gpqa-diamond',
      path: '/data/gpqa.parquet',
    });
    expect(parseDatasetSpec('./aime.jsonl')).toEqual({ kind: 'file', path: './aime.jsonl' });
    expect(parseDatasetSpec('sim:arithmetic')).toEqual({ kind: 'world', world: 'arithmetic' });
  });

  it('refuses an unknown dataset name and lists the known ones', () => {
    expect(() => parseDatasetSpec('mmlu')).toThrow(/Unknown dataset "mmlu"; known: aime/);
  });
});

describe('loading and selecting problems', () => {
  it('detects the format of a local file and applies offset and limit', async () => {
    const dataset = await loadDataset(AIME, {
      ...base,
      selection: { ...reference, offset: 1, limit: 1 },
    });
    expect(dataset).toMatchObject({ name: 'aime2024', isSimulated: false });
    expect(dataset.problems.map((problem) => problem.id)).toEqual(['2024-I-2']);
  });

  it('downloads only the first 100 MATH-500 rows for the reference subset', async () => {
    const server = hub(500);
    const dataset = await loadDataset('math500', {
      ...base,
      selection: reference,
      fetch: server.fetch,
    });
    expect(dataset.problems).toHaveLength(100);
    expect(server.pages).toEqual(['0+100']);
  });

  it('downloads the whole split when asked for all of it', async () => {
    const server = hub(250);
    const selection: Selection = { subset: 'all', offset: 0 };
    const dataset = await loadDataset('math500', { ...base, selection, fetch: server.fetch });
    expect(dataset.problems).toHaveLength(250);
    expect(server.pages).toEqual(['0+100', '100+100', '200+50']);
  });

  it('downloads no more rows than the limit needs', async () => {
    const server = hub(500);
    const selection: Selection = { ...reference, offset: 2, limit: 3 };
    const dataset = await loadDataset('math500', { ...base, selection, fetch: server.fetch });
    expect(dataset.problems.map((problem) => problem.id)).toEqual(['u2', 'u3', 'u4']);
    expect(server.pages).toEqual(['0+5']);
  });

  it('asks a simulator world for the limit and marks it simulated', async () => {
    const urls: string[] = [];
    const fetch = (async (input: string | URL | Request) => {
      urls.push(String(input));
      return new Response('{"id":"a","problem":"1+1?","answer":"2"}\n');
    }) as typeof globalThis.fetch;
    const dataset = await loadDataset('sim:arithmetic', {
      ...base,
      seed: 4,
      selection: { ...reference, limit: 1 },
      simulatorUrl: 'http://127.0.0.1:9',
      fetch,
    });
    expect(dataset).toMatchObject({ name: 'sim:arithmetic', isSimulated: true });
    expect(urls).toEqual(['http://127.0.0.1:9/sim/worlds/arithmetic?count=1&seed=4']);
  });

  it('asks for the simulator URL when a world is named without one', async () => {
    await expect(loadDataset('sim:arithmetic', { ...base, selection: reference })).rejects.toThrow(
      '--sim-url',
    );
  });
});
