/**
 * A turn's event log, the one shape the Worker and the Conversation Durable Object share: the
 * stored event (a machine event with its place in the log), the line format it travels in from
 * the Durable Object to the Worker (newline-delimited JSON), and the event that ends a log. The
 * SQLite store writes the log; the event hub, the follower and the structured logs read it.
 */
import type { TurnEvent } from './core/events.ts';

/** An event as the log holds it: `seq` orders every event of the conversation. */
export interface StoredEvent {
  seq: number;
  turn: number;
  /** When it was committed, in ms since the epoch. */
  at: number;
  event: TurnEvent;
}

/** A log ends with `turn-end` (a resumed failure's log goes on after one). */
export function endsTurn(stored: StoredEvent): boolean {
  return stored.event.type === 'turn-end';
}

const encoder = new TextEncoder();

/** One stored event as a line of the Durable Object's event stream. */
export function encodeEventLine(stored: StoredEvent): Uint8Array {
  return encoder.encode(`${JSON.stringify(stored)}\n`);
}

/** The stored events of a stream of lines, however its chunks split them. */
export async function* decodeEventLines(
  stream: ReadableStream<Uint8Array>,
): AsyncGenerator<StoredEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of stream) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (line !== '') yield JSON.parse(line) as StoredEvent;
      newline = buffer.indexOf('\n');
    }
  }
}
