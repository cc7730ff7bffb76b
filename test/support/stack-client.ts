/**
 * The public API of a running stack (infra/dev/stack.ts) as the Node suites use it: start a
 * streamed turn, read a turn's trace, and follow a turn's event log to its end, picking the
 * stream up again with Last-Event-ID when the Worker runtime goes away and comes back.
 */
import { parseSse, readCompletionStream, type StreamedCompletion } from './sse.ts';

/**
 * Reconnections in a row that bring no new event, without the server having gone away in
 * between, before following gives up (the events route itself keeps failing).
 */
const MAX_FRUITLESS_RECONNECTS = 20;

/** One event as the events route sends it: `{seq, turn, at, type, ...fields}`. */
export interface LoggedEvent {
  seq: number;
  turn: number;
  type: string;
  index?: number;
  text?: string;
  [field: string]: unknown;
}

/** The parts of `GET /v1/conversations/{id}/turns/{n}` the suites read. */
export interface TurnTrace {
  status: string;
  steps: Array<{ index: number; text: string; origin: string; decision: string }>;
}

export interface StartedTurn {
  conversationId: string;
  turnId: number;
  /** The whole streamed completion; '' when the connection broke (e.g. a killed runtime). */
  body: Promise<string>;
}

export interface TurnDetail extends TurnTrace {
  id: number;
  answer: string;
  elapsed_ms: number | null;
  failure: { code: string; message: string; isRetryable: boolean; status?: number } | null;
  usage: { specreason: Record<string, number> };
  [field: string]: unknown;
}

/** A turn run to its end: how it started, its event log, its trace and what it streamed. */
export interface FinishedTurn {
  started: StartedTurn;
  events: LoggedEvent[];
  trace: TurnDetail;
  stream: StreamedCompletion;
}

/** The body of a streamed turn on a math problem, with the turn's seed. */
export function mathTurn(problem: string, seed: number) {
  return {
    messages: [{ role: 'user', content: problem }],
    specreason: { prompt_template: 'math', seed },
  };
}

export interface FollowOptions {
  /**
   * Called when the stream breaks; resolves when it is worth connecting again, with `true`
   * when it waited for the server to come back (a restart, so silence is expected).
   */
  reconnect?: () => Promise<boolean>;
  /** Called with every event as it arrives. */
  onEvent?: (event: LoggedEvent) => void;
}

export class StackClient {
  constructor(
    readonly workerUrl: string,
    private readonly apiKey: string,
  ) {}

  request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${this.apiKey}`);
    if (init.body !== undefined) headers.set('content-type', 'application/json');
    return fetch(`${this.workerUrl}${path}`, { ...init, headers });
  }

  /** Starts a streamed turn in a new conversation (or `conversation_id`) and returns once it runs. */
  async startTurn(body: Record<string, unknown>): Promise<StartedTurn> {
    const response = await this.request('/v1/chat/completions', {
      method: 'POST',
      body: JSON.stringify({ model: 'specreason', stream: true, ...body }),
    });
    if (response.status !== 200)
      throw new Error(`Starting a turn answered ${response.status}: ${await response.text()}`);
    return {
      conversationId: response.headers.get('x-conversation-id') as string,
      turnId: Number(response.headers.get('x-turn-id')),
      body: response.text().catch(() => ''),
    };
  }

  /** Starts a turn in a new conversation and follows it to its end. */
  async runTurn(body: Record<string, unknown>): Promise<FinishedTurn> {
    const started = await this.startTurn(body);
    const events = await this.followTurn(started.conversationId);
    const trace = await this.turn(started.conversationId);
    return { started, events, trace, stream: readCompletionStream(await started.body) };
  }

  async turn(conversationId: string, turnId = 1): Promise<TurnDetail> {
    const response = await this.request(`/v1/conversations/${conversationId}/turns/${turnId}`);
    if (response.status !== 200)
      throw new Error(`Reading turn ${turnId} of ${conversationId} answered ${response.status}`);
    return (await response.json()) as TurnDetail;
  }

  /**
   * Every event of the turn from its start, live until `turn-end`; a broken stream is opened
   * again after the last event seen, so the result holds each event once.
   */
  async followTurn(
    conversationId: string,
    turnId = 1,
    options: FollowOptions = {},
  ): Promise<LoggedEvent[]> {
    const events: LoggedEvent[] = [];
    let fruitless = 0;
    for (;;) {
      const cursor = events.at(-1)?.seq;
      const before = events.length;
      try {
        const response = await this.request(
          `/v1/conversations/${conversationId}/turns/${turnId}/events`,
          { headers: cursor === undefined ? {} : { 'last-event-id': String(cursor) } },
        );
        if (response.status !== 200) throw new Error(`events answered ${response.status}`);
        for await (const event of eventsOf(response)) {
          events.push(event);
          options.onEvent?.(event);
          if (event.type === 'turn-end') return events;
        }
      } catch (error) {
        if (options.reconnect === undefined) throw error;
      }
      if (options.reconnect === undefined) return events;
      fruitless = events.length > before ? 0 : fruitless + 1;
      if (fruitless > MAX_FRUITLESS_RECONNECTS)
        throw new Error(`The events of ${conversationId} stopped coming after ${events.length}`);
      if (await options.reconnect()) fruitless = 0;
    }
  }
}

/** The events of an SSE response as they arrive. */
async function* eventsOf(response: Response): AsyncGenerator<LoggedEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    const end = buffer.lastIndexOf('\n\n');
    if (end < 0) continue;
    const complete = buffer.slice(0, end + 2);
    buffer = buffer.slice(end + 2);
    for (const message of parseSse(complete).messages) yield JSON.parse(message.data);
  }
}
