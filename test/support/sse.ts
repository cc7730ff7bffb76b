/**
 * Server-sent events as the tests read them: whole bodies split into messages (with `id:`,
 * `event:`, `data:` and the comments kept apart), the strict `data:`-only framing the simulator
 * promises, and the reasoning and answer a chat completion stream carried. Runs in Node and in
 * workerd.
 */

export interface SseMessage {
  id?: string | undefined;
  event?: string | undefined;
  data: string;
}

export interface SseBody {
  messages: SseMessage[];
  /** Comment lines (`: text`), in order, without the colon. */
  comments: string[];
}

export function parseSse(text: string): SseBody {
  const messages: SseMessage[] = [];
  const comments: string[] = [];
  for (const block of text.split('\n\n')) {
    if (block.trim() === '') continue;
    const message: SseMessage = { data: '' };
    let hasField = false;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        comments.push(line.slice(1).trim());
        continue;
      }
      if (line.startsWith('id: ')) message.id = line.slice(4);
      else if (line.startsWith('event: ')) message.event = line.slice(7);
      else if (line.startsWith('data: ')) message.data += line.slice(6);
      else continue;
      hasField = true;
    }
    if (hasField) messages.push(message);
  }
  return { messages, comments };
}

/** Reads a whole SSE response into its messages (comments dropped). */
export async function readSse(response: Response): Promise<SseMessage[]> {
  return parseSse(await response.text()).messages;
}

/**
 * The `data:` payloads of an SSE body, in order, for bodies that must be framed exactly as vLLM
 * frames them: every event one `data: ` line, nothing else (throws on anything else).
 */
export function ssePayloads(text: string): string[] {
  return text
    .split('\n\n')
    .filter((event) => event !== '')
    .map((event) => {
      if (!event.startsWith('data: '))
        throw new Error(`Not an SSE data event: ${JSON.stringify(event)}`);
      return event.slice('data: '.length);
    });
}

/** What a streamed chat completion delivered, read from its SSE body. */
export interface StreamedCompletion {
  reasoning: string;
  content: string;
  finishReasons: string[];
  /** In-band errors (`data: {"error": …}`). */
  errors: Array<{ message: string; type: string; param: string | null; code: string | null }>;
  done: boolean;
  comments: string[];
}

export function readCompletionStream(text: string): StreamedCompletion {
  const { messages, comments } = parseSse(text);
  const result: StreamedCompletion = {
    reasoning: '',
    content: '',
    finishReasons: [],
    errors: [],
    done: false,
    comments,
  };
  for (const message of messages) {
    if (message.data === '[DONE]') {
      result.done = true;
      continue;
    }
    const chunk = JSON.parse(message.data);
    if (chunk.error !== undefined) result.errors.push(chunk.error);
    for (const choice of chunk.choices ?? []) {
      result.reasoning += choice.delta?.reasoning_content ?? '';
      result.content += choice.delta?.content ?? '';
      if (choice.finish_reason !== null && choice.finish_reason !== undefined)
        result.finishReasons.push(choice.finish_reason);
    }
  }
  return result;
}
