/**
 * A small server-sent-events writer: `data:` messages, optional `id:`/`event:` lines, comments,
 * and a heartbeat comment while nothing else is sent (long judge or base calls must not look
 * like a dead connection). Writing never throws: a client that left simply stops receiving.
 */
const HEARTBEAT_MS = 15_000;

export interface SseWriter {
  send(data: string, fields?: { id?: string | number; event?: string }): Promise<void>;
  comment(text: string): Promise<void>;
  close(): Promise<void>;
}

export function createSseResponse(
  headers: Record<string, string>,
  produce: (writer: SseWriter) => Promise<void>,
): Response {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const raw = writable.getWriter();
  const encoder = new TextEncoder();
  let closed = false;
  let lastWrite = Date.now();
  const write = async (text: string): Promise<void> => {
    if (closed) return;
    lastWrite = Date.now();
    try {
      await raw.write(encoder.encode(text));
    } catch {
      closed = true;
    }
  };
  const heartbeat = setInterval(() => {
    if (Date.now() - lastWrite >= HEARTBEAT_MS) void write(': keep-alive\n\n');
  }, HEARTBEAT_MS);
  const writer: SseWriter = {
    send: (data, fields = {}) => {
      let message = '';
      if (fields.id !== undefined) message += `id: ${fields.id}\n`;
      if (fields.event !== undefined) message += `event: ${fields.event}\n`;
      return write(`${message}data: ${data}\n\n`);
    },
    comment: (text) => write(`: ${text.replaceAll('\n', ' ')}\n\n`),
    close: async () => {
      clearInterval(heartbeat);
      if (closed) return;
      closed = true;
      await raw.close().catch(() => {});
    },
  };
  void produce(writer).finally(() => writer.close());
  return new Response(readable, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      ...headers,
    },
  });
}
