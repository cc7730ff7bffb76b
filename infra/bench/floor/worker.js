/**
 * The platform floor: a Durable Object that does what the Conversation object does between two
 * model calls and nothing else — read a model server's answer, write one SQLite row, send the
 * next request — so the benchmark can tell the runtime's own cost per call from the Worker's.
 */
import { DurableObject } from 'cloudflare:workers';

export class Loop extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, data TEXT)');
  }

  /** `count` calls to `url`, streamed or not, each followed by a committed row when `write`. */
  async run(count, url, write, stream) {
    for (let index = 0; index < count; index += 1) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'draft',
          messages: [{ role: 'user', content: 'What is 2+3?' }],
          max_tokens: 24,
          stream,
          seed: index,
        }),
      });
      await response.text();
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
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname !== '/run') return new Response('ok');
    const search = url.searchParams;
    const stub = env.LOOP.getByName('loop');
    const result = await stub.run(
      Number(search.get('count') ?? '1'),
      search.get('url') ?? '',
      search.get('write') === '1',
      search.get('stream') === '1',
    );
    return new Response(result);
  },
};
