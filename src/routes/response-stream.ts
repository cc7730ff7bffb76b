/**
 * Sends a response's events as server-sent events (`event:` = type, `id:` = sequence number),
 * translating the turn's log as it is followed. Events numbered `startingAfter` or below are
 * computed and not sent, which is how a stream resumes. A broken turn stream ends with an
 * in-band `error` event that tells the client to resume.
 */

import { errorEnvelope, streamBroke } from '../openai/errors.ts';
import type { ResponseStreamEvent } from '../responses/event-schemas.ts';
import type { ResponseEventStream } from '../responses/stream-events.ts';
import type { StoredEvent } from '../turn-log.ts';
import { createSseResponse, type SseWriter } from './sse.ts';

async function sendAll(
  writer: SseWriter,
  events: readonly ResponseStreamEvent[],
  startingAfter: number,
): Promise<void> {
  for (const event of events) {
    if (event.sequence_number <= startingAfter) continue;
    await writer.send(JSON.stringify(event), { id: event.sequence_number, event: event.type });
  }
}

export function streamResponse(
  headers: Record<string, string>,
  translator: ResponseEventStream,
  turnEvents: AsyncIterable<StoredEvent>,
  startingAfter = -1,
): Response {
  return createSseResponse(headers, async (writer) => {
    try {
      await sendAll(writer, translator.opening(), startingAfter);
      for await (const stored of turnEvents) {
        await sendAll(writer, translator.push(stored), startingAfter);
      }
    } catch (error) {
      const apiError = streamBroke(
        error,
        'resume it with GET /v1/responses/{id}?stream=true&starting_after=<last sequence_number>',
      );
      const event = translator.error(errorEnvelope(apiError).error);
      await writer.send(JSON.stringify(event), { event: 'error' });
    }
  });
}
