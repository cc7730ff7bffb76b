import { describe, expect, it } from 'vitest';
import {
  createSseDataReader,
  type SseDataReader,
} from '../../src/adapters/http/sse-data-reader.ts';
import { replayBody, splitBytes } from './helpers/replay.ts';

async function readAll(reader: SseDataReader): Promise<string[]> {
  const payloads: string[] = [];
  for (;;) {
    const batch = await reader.next();
    if (batch === undefined) return payloads;
    payloads.push(...batch);
  }
}

function readerOver(text: string, chunkSize: number) {
  const body = replayBody(splitBytes(new TextEncoder().encode(text), chunkSize));
  return createSseDataReader(body.stream);
}

describe('createSseDataReader', () => {
  const wire = 'data: {"response":"é🙂"}\n\ndata: {"response":"x"}\n\ndata: [DONE]\n\n';

  it('yields the same payloads whether the body comes whole or byte by byte', async () => {
    const expected = ['{"response":"é🙂"}', '{"response":"x"}', '[DONE]'];
    expect(await readAll(readerOver(wire, wire.length))).toEqual(expected);
    expect(await readAll(readerOver(wire, 1))).toEqual(expected);
    expect(await readAll(readerOver(wire, 3))).toEqual(expected);
  });

  it('reports a bare [DONE] line without data: even when it arrives in pieces', async () => {
    const bare = 'data: {"response":"a"}\n\n[DONE]\n\n';
    for (const size of [1, 2, 4, bare.length]) {
      expect(await readAll(readerOver(bare, size))).toEqual(['{"response":"a"}', '[DONE]']);
    }
  });

  it('reports a bare [DONE] at the very end of the body without a newline', async () => {
    expect(await readAll(readerOver('data: {"a":1}\n\n[DONE]', 5))).toEqual(['{"a":1}', '[DONE]']);
  });

  it('accepts CRLF line endings and data: without a space', async () => {
    const crlf = 'data:{"a":1}\r\n\r\ndata: {"b":2}\r\n\r\n';
    expect(await readAll(readerOver(crlf, 1))).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('drops an event that the body cut off before its blank line', async () => {
    expect(await readAll(readerOver('data: {"a":1}\n\ndata: {"b":', 4))).toEqual(['{"a":1}']);
  });

  it('settles a pending read when cancelled and cancels the body', async () => {
    const body = replayBody([new TextEncoder().encode('data: {"a":1}\n\n')], { hang: true });
    const reader = createSseDataReader(body.stream);
    expect(await reader.next()).toEqual(['{"a":1}']);
    const pending = reader.next();
    reader.cancel();
    expect(await pending).toBeUndefined();
    expect(body.wasCancelled).toBe(true);
  });
});
