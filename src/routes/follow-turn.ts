/**
 * Follows a turn's event log from the Worker: replay after a cursor, then live events, until
 * `turn-end`. When the Durable Object restarts mid-stream (deploy, eviction) the stream breaks;
 * it reconnects from the last event it saw, so nothing is missed or repeated.
 */
import type { Conversation } from '../conversation.ts';
import { ApiError, notFound } from '../openai/errors.ts';
import { decodeEventLines, endsTurn, type StoredEvent } from '../turn-log.ts';

const MAX_RECONNECTS = 8;
const RECONNECT_DELAY_MS = 250;

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
      for await (const stored of decodeEventLines(opened.stream)) {
        if (stored.seq <= cursor) continue;
        cursor = stored.seq;
        failures = 0;
        yield stored;
        if (endsTurn(stored)) return;
      }
      if (opened.ended) return;
    } catch (error) {
      // Ours (no such turn) is final; a broken stream (a restarted Durable Object) is retried.
      if (error instanceof ApiError) throw error;
      failures += 1;
      if (failures > MAX_RECONNECTS) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, RECONNECT_DELAY_MS * failures));
  }
}
