/**
 * Reads a server-sent-events body from `fetch` (EventSource cannot send an Authorization
 * header): yields one `{ id, event, data }` message per blank-line-terminated block. Comments
 * (keep-alives) are skipped. Owns framing only; what the data means is the caller's business.
 */

/**
 * @typedef {{ id: string | undefined, event: string | undefined, data: string }} SseMessage
 */

/**
 * @param {ReadableStream<Uint8Array>} body
 * @returns {AsyncGenerator<SseMessage>}
 */
export async function* readSse(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  /** @type {SseMessage} */
  let message = { id: undefined, event: undefined, data: '' };
  let hasData = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let newline = buffer.search(/\r?\n/);
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer[newline] === '\r' ? 2 : 1));
        if (line === '') {
          if (hasData) yield message;
          message = { id: undefined, event: undefined, data: '' };
          hasData = false;
        } else if (!line.startsWith(':')) {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'data') {
            message.data = hasData ? `${message.data}\n${value}` : value;
            hasData = true;
          } else if (field === 'id') message.id = value;
          else if (field === 'event') message.event = value;
        }
        newline = buffer.search(/\r?\n/);
      }
    }
  } finally {
    reader.releaseLock();
  }
}
