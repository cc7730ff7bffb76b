/**
 * What an AI SDK `fullStream` carried: the reasoning text, the answer text, and the order of
 * their deltas (to check that no text came before the reasoning ended). A stream error throws.
 */
export interface ReadStream {
  reasoning: string;
  text: string;
  order: Array<'reasoning' | 'text'>;
}

export async function readFullStream(
  parts: AsyncIterable<{ type: string; text?: string; error?: unknown }>,
): Promise<ReadStream> {
  const read: ReadStream = { reasoning: '', text: '', order: [] };
  for await (const part of parts) {
    if (part.type === 'error') throw part.error;
    if (part.type === 'reasoning-delta') {
      read.reasoning += part.text ?? '';
      read.order.push('reasoning');
    }
    if (part.type === 'text-delta') {
      read.text += part.text ?? '';
      read.order.push('text');
    }
  }
  return read;
}
