/**
 * Reads the `data:` payloads of a server-sent-events body, framing by `eventsource-parser`.
 * Bytes are decoded as a UTF-8 stream (a character split across chunks is joined), and the
 * parser is fed whole lines only, so that a bare `[DONE]` line without `data:` (Workers AI) is
 * recognised even when it arrives in pieces: it is reported as the payload `[DONE]`.
 */
import { createParser } from 'eventsource-parser';

export const DONE_PAYLOAD = '[DONE]';

export interface SseDataReader {
  /** The payloads completed by the next body chunk (possibly none); `undefined` at the end. */
  next(): Promise<string[] | undefined>;
  /** Stops reading and cancels the body; a pending `next` settles. Never throws. */
  cancel(): void;
}

export function createSseDataReader(body: ReadableStream<Uint8Array>): SseDataReader {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  let payloads: string[] = [];
  let partialLine = '';
  let isEnded = false;
  const parser = createParser({
    onEvent: (event) => payloads.push(event.data),
    onError: (error) => {
      if (error.type === 'unknown-field' && error.field?.trim() === DONE_PAYLOAD) {
        payloads.push(DONE_PAYLOAD);
      }
    },
  });

  const feedWholeLines = (text: string) => {
    const combined = partialLine + text;
    const lastBreak = Math.max(combined.lastIndexOf('\n'), combined.lastIndexOf('\r'));
    if (lastBreak === -1) {
      partialLine = combined;
      return;
    }
    partialLine = combined.slice(lastBreak + 1);
    parser.feed(combined.slice(0, lastBreak + 1));
  };

  return {
    async next() {
      if (isEnded) return undefined;
      const { done, value } = await reader.read();
      if (done) {
        isEnded = true;
        // A last line without its newline still counts (a bare `[DONE]` at the very end).
        feedWholeLines(`${decoder.decode()}\n`);
      } else {
        feedWholeLines(decoder.decode(value, { stream: true }));
      }
      const completed = payloads;
      payloads = [];
      if (isEnded && completed.length === 0) return undefined;
      return completed;
    },
    cancel() {
      isEnded = true;
      reader.cancel().catch(() => {});
    },
  };
}
