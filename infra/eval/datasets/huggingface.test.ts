import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRowsUrl, downloadRows, HUGGING_FACE_SOURCES, parseRowsPage } from './huggingface.ts';

const PAGE: unknown = JSON.parse(
  readFileSync(join(import.meta.dirname, 'fixtures', 'hf-math500-rows.json'), 'utf8'),
);

/** A fetch that answers every page with rows numbered from the requested offset. */
function fakeServer(total: number, status = 200) {
  const requests: { url: URL; authorization: string | null }[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    requests.push({ url, authorization: new Headers(init?.headers).get('authorization') });
    if (status !== 200) return new Response('{"error":"The dataset is gated"}', { status });
    const offset = Number(url.searchParams.get('offset'));
    const length = Math.min(Number(url.searchParams.get('length')), total - offset);
    const rows = Array.from({ length }, (_, index) => ({
      row_idx: offset + index,
      row: { problem: `p${offset + index}`, answer: String(offset + index) },
      truncated_cells: [],
    }));
    return Response.json({ rows, num_rows_total: total });
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

describe('Hugging Face datasets server', () => {
  it('builds the rows URL with the dataset, config, split and page', () => {
    expect(buildRowsUrl(HUGGING_FACE_SOURCES['gpqa-diamond'], 100, 98)).toBe(
      'https://datasets-server.huggingface.co/rows?dataset=Idavidrein%2Fgpqa&config=gpqa_diamond&split=train&offset=100&length=98',
    );
  });

  it('parses a recorded page into rows in row order with the total', () => {
    const page = parseRowsPage(PAGE);
    expect(page.total).toBe(500);
    expect(page.rows.map((row) => row.unique_id)).toEqual([
      'test/precalculus/9000.json',
      'test/prealgebra/9001.json',
    ]);
    expect(page.rows[0]?.answer).toBe('\\left( 2, \\frac{\\pi}{2} \\right)');
  });

  it('pages through 100 rows at a time and stops at the count asked for', async () => {
    const server = fakeServer(500);
    const rows = await downloadRows(HUGGING_FACE_SOURCES.math500, {
      fetch: server.fetch,
      count: 150,
    });
    expect(rows).toHaveLength(150);
    expect(rows.at(-1)?.problem).toBe('p149');
    expect(server.requests.map(({ url }) => url.searchParams.get('offset'))).toEqual(['0', '100']);
    expect(server.requests.map(({ url }) => url.searchParams.get('length'))).toEqual(['100', '50']);
  });

  it('stops at the end of the split when no count is given', async () => {
    const server = fakeServer(30);
    const rows = await downloadRows(HUGGING_FACE_SOURCES.aime2024, { fetch: server.fetch });
    expect(rows).toHaveLength(30);
    expect(server.requests).toHaveLength(1);
  });

  it('sends the access token for gated datasets', async () => {
    const server = fakeServer(198);
    await downloadRows(HUGGING_FACE_SOURCES['gpqa-diamond'], {
      fetch: server.fetch,
      count: 1,
      token: 'hf_test',
    });
    expect(server.requests[0]?.authorization).toBe('Bearer hf_test');
  });

  it('names the status and the URL when the server refuses', async () => {
    const server = fakeServer(198, 401);
    await expect(
      downloadRows(HUGGING_FACE_SOURCES['gpqa-diamond'], { fetch: server.fetch, count: 1 }),
    ).rejects.toThrow(
      /status 401: GET https:\/\/datasets-server.huggingface.co\/rows\?dataset=Idavidrein/,
    );
  });
});
