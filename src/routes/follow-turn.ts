/**
 * Follows a turn's event log from the Worker: replay after a cursor, then live events, until
 * `turn-end`. When the Durable Object restarts mid-stream (deploy, eviction) the stream breaks;
 * it reconnects from the last event it saw, so nothing is missed or repeated.
 */
import type { StoredEvent } from '../adapters/storage/sqlite-store.ts';
import type { Conversation } from '../conversation.ts';
import { notFound } from '../openai/errors.ts';

const MAX_RECONNECTS = 8;
const RECONNECT_DELAY_MS = 250;

async function* readLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of stream) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (line !== '') yield line;
      newline = buffer.indexOf('\n');
    }
  }
}

export async function* followTurn(
  stub: DurableObjectStub<Conversation>,
  turnId: number,
  afterSeq: number,
): AsyncGenerator<StoredEvent> {
  let cursor = afterSeq;
  let failures = 0;
  for (;;) {
    try {
      const opened = await stub.events(turnId, cursor);
      if (opened === undefined) throw notFound(`No turn ${turnId} in this conversation`);
      for await (const line of readLines(opened.stream)) {
        const stored = JSON.parse(line) as StoredEvent;
        if (stored.seq <= cursor) continue;
        cursor = stored.seq;
        failures = 0;
        yield stored;
        if (stored.event.type === 'turn-end') return;
      }
      if (opened.ended) return;
    } catch (error) {
      if (error instanceof Error && error.name === 'ApiError') throw error;
      failures += 1;
      if (failures > MAX_RECONNECTS) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, RECONNECT_DELAY_MS * failures));
  }
}
