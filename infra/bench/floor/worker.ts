/**
 * The platform floor: a Durable Object that does what the Conversation object does between two
 * model calls and nothing else — read a model server's answer, write one SQLite row, send the
 * next request — so the benchmark can tell the runtime's own cost per call from the Worker's.
 * With `reader=adapter` the same requests are sent and read by the project's own adapter
 * (`createOpenAICompatibleModel`: a streamed step, or a judge call for a whole answer), so the
 * adapter's cost per call is measured side by side with a bare `fetch` + `text()`.
 */
import { DurableObject } from 'cloudflare:workers';
import { createOpenAICompatibleModel } from '../../../src/adapters/openai-compatible/openai-compatible-model.ts';
import {
  generateBody,
  judgeBody,
} from '../../../src/adapters/openai-compatible/openai-request-bodies.ts';
import type { GenerateRequest, JudgeRequest } from '../../../src/core/ports.ts';

interface LoopEnv {
  LOOP: DurableObjectNamespace<Loop>;
}

export type FloorReader = 'bare' | 'adapter';

const MESSAGES = [{ role: 'user' as const, content: 'What is 2+3?' }];

function stepRequest(index: number): GenerateRequest {
  return {
    messages: MESSAGES,
    sampling: { temperature: 0.6, topP: 0.95, maxTokens: 24, stop: [], seed: index + 1 },
  };
}

function judgeRequest(index: number): JudgeRequest {
  return { messages: MESSAGES, topLogprobs: 10, seed: index + 1 };
}

export class Loop extends DurableObject<LoopEnv> {
  constructor(ctx: DurableObjectState, env: LoopEnv) {
    super(ctx, env);
    ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, data TEXT)');
  }

  /**
   * `count` calls to the chat endpoint under `apiRoot`, streamed or not, each followed by a
   * committed row when `write`; both readers send the same request bodies.
   */
  async run(count: number, apiRoot: string, write: boolean, stream: boolean, reader: FloorReader) {
    const model = createOpenAICompatibleModel({
      baseUrl: apiRoot,
      model: 'draft',
      mode: 'chat',
      role: 'base',
    });
    for (let index = 0; index < count; index += 1) {
      if (reader === 'adapter') {
        if (stream) await model.generate(stepRequest(index));
        else await model.judge(judgeRequest(index));
      } else {
        const body = stream
          ? generateBody('chat', 'draft', stepRequest(index), undefined)
          : judgeBody('chat', 'draft', judgeRequest(index), undefined);
        const response = await fetch(`${apiRoot}/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        await response.text();
      }
      if (write) {
        this.ctx.storage.transactionSync(() =>
          this.ctx.storage.sql.exec('INSERT INTO rows (data) VALUES (?)', 'x'.repeat(2000)),
        );
      }
    }
    return 'ok';
  }
}

export default {
  async fetch(request: Request, env: LoopEnv) {
    const url = new URL(request.url);
    if (url.pathname !== '/run') return new Response('ok');
    const search = url.searchParams;
    const stub = env.LOOP.getByName('loop');
    const result = await stub.run(
      Number(search.get('count') ?? '1'),
      search.get('url') ?? '',
      search.get('write') === '1',
      search.get('stream') === '1',
      search.get('reader') === 'adapter' ? 'adapter' : 'bare',
    );
    return new Response(result);
  },
};
