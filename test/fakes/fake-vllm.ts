/**
 * A small vLLM-shaped chat endpoint for Worker tests, answering from the request content alone
 * (like a seeded server): the draft writes "Step n by draft.", the base model "Step n by base.",
 * step `answerAt` holds the boxed answer, the judge gives 2 to a draft step listed in `bad` and 9
 * otherwise, and the answer call closes the thinking and answers. Calls can be held (gates) or
 * failed (faults) to test restarts and outages. Not a simulator: the wire shape is only as
 * faithful as the adapters need (SSE chat chunks, a usage chunk, logprobs on the judge).
 */

export interface FakeVllmOptions {
  bad?: number[];
  answerAt?: number;
}

export interface FakeCall {
  model: string;
  kind: 'step' | 'judge' | 'answer';
  steps: number;
  messages: Array<{ role: string; content: string }>;
}

type Gate = (call: FakeCall) => Promise<Response | undefined> | Response | undefined;

function stepsIn(content: string | undefined): string[] {
  if (content === undefined || !content.startsWith('<think>')) return [];
  return content.slice('<think>'.length).split('\n\n').slice(0, -1);
}

function sse(chunks: readonly object[]): Response {
  const body = `${chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('')}data: [DONE]\n\n`;
  return new Response(body, { headers: { 'content-type': 'text/event-stream; charset=utf-8' } });
}

function chatStream(model: string, text: string, promptTokens: number): Response {
  const base = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1, model };
  const pieces = text.match(/.{1,7}/gs) ?? [];
  const completionTokens = Math.max(1, Math.ceil(text.length / 4));
  return sse([
    {
      ...base,
      choices: [
        {
          index: 0,
          delta: { role: 'assistant', content: '' },
          logprobs: null,
          finish_reason: null,
        },
      ],
    },
    ...pieces.map((piece) => ({
      ...base,
      choices: [{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }],
    })),
    {
      ...base,
      choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop', stop_reason: null }],
    },
    {
      ...base,
      choices: [],
      usage: {
        prompt_tokens: promptTokens,
        total_tokens: promptTokens + completionTokens,
        completion_tokens: completionTokens,
      },
    },
  ]);
}

function judgeReply(model: string, score: number, promptTokens: number): Response {
  const digits = [
    score,
    ...[9, 8, 7, 6, 5, 4, 3, 2, 1, 0].filter((digit) => digit !== score),
  ].slice(0, 10);
  const top = digits.map((digit, rank) => ({
    token: String(digit),
    logprob: rank === 0 ? -0.05 : -3 - rank,
    bytes: [48 + digit],
  }));
  return Response.json({
    id: 'chatcmpl-judge',
    object: 'chat.completion',
    created: 1,
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: String(score) },
        logprobs: { content: [{ ...top[0], top_logprobs: top }] },
        finish_reason: 'length',
        stop_reason: null,
      },
    ],
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens + 1, completion_tokens: 1 },
  });
}

export class FakeVllm {
  readonly calls: FakeCall[] = [];
  private gate: Gate | undefined;
  private waiters: Array<{ count: number; resolve: () => void }> = [];

  constructor(private readonly options: FakeVllmOptions = {}) {}

  /** Intercepts calls before they are answered: return a Response to answer it, or undefined to go on. */
  hold(gate: Gate | undefined): void {
    this.gate = gate;
  }

  /** Resolves once `count` calls have arrived. */
  waitForCalls(count: number): Promise<void> {
    if (this.calls.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  async handle(request: Request): Promise<Response> {
    const body = (await request.json()) as {
      model: string;
      messages: Array<{ role: string; content: string }>;
      max_tokens: number;
      logprobs?: boolean;
      stop?: string[];
    };
    const judge = body.logprobs === true && body.max_tokens === 1;
    const thinking = judge
      ? body.messages.at(-3)?.content
      : body.messages.at(-1)?.role === 'assistant'
        ? body.messages.at(-1)?.content
        : undefined;
    const steps = stepsIn(thinking);
    const answer = !judge && (body.stop ?? []).length === 0;
    const call: FakeCall = {
      model: body.model,
      kind: judge ? 'judge' : answer ? 'answer' : 'step',
      steps: steps.length,
      messages: body.messages,
    };
    this.calls.push(call);
    for (const waiter of this.waiters.filter((candidate) => this.calls.length >= candidate.count)) {
      waiter.resolve();
    }
    this.waiters = this.waiters.filter((candidate) => this.calls.length < candidate.count);
    const gated = await this.gate?.(call);
    if (gated !== undefined) return gated;
    const promptTokens = 40 + Math.ceil(JSON.stringify(body.messages).length / 4);
    if (judge) {
      const last = steps.at(-1) ?? '';
      const number = Number(/Step (\d+)/.exec(last)?.[1] ?? -1);
      const bad = (this.options.bad ?? []).includes(number) && last.includes('by draft');
      return judgeReply(body.model, bad ? 2 : 9, promptTokens);
    }
    if (answer) return chatStream(body.model, '</think>\n\nThe answer is 5.', promptTokens);
    const n = steps.length;
    const text =
      n === (this.options.answerAt ?? 3)
        ? `Step ${n}: so \\boxed{5}.`
        : `Step ${n} by ${body.model}.`;
    return chatStream(body.model, text, promptTokens);
  }
}

/** Replaces the global fetch for URLs under `origin` (the Worker and its Durable Object share it). */
export function routeFetch(origin: string, backend: FakeVllm): () => void {
  const original = globalThis.fetch;
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    if (request.url.startsWith(origin)) return backend.handle(request);
    return original(input, init);
  }) as typeof fetch;
  return () => {
    globalThis.fetch = original;
  };
}
