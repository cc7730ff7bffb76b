import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTimingTap, type TimingTap } from './timing-tap.ts';

let upstream: Server;
let tap: TimingTap;
let hanging: ServerResponse | undefined;

/** A model server that streams three events, or holds the answer open on /hang. */
async function startUpstream(): Promise<string> {
  upstream = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      response.writeHead(200, {
        'content-type': 'text/event-stream',
        'x-sim-request-id': `id-${body}`,
      });
      if (request.url === '/hang') {
        response.write('data: {"n":1}\n\n');
        hanging = response;
        return;
      }
      for (const n of [1, 2, 3]) response.write(`data: {"n":${n}}\n\n`);
      response.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
}

afterEach(async () => {
  hanging?.destroy();
  hanging = undefined;
  await tap?.close();
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

describe('the timing tap', () => {
  it('forwards a streamed answer unchanged and records when it was asked for and when it ended', async () => {
    tap = await startTimingTap(await startUpstream(), 'draft');
    const response = await fetch(`${tap.url}/v1/chat/completions`, {
      method: 'POST',
      body: 'seven',
    });
    const text = await response.text();
    await tap.settled();
    expect(text).toBe('data: {"n":1}\n\ndata: {"n":2}\n\ndata: {"n":3}\n\ndata: [DONE]\n\n');
    const [record] = tap.take();
    expect(record).toMatchObject({
      label: 'draft',
      method: 'POST',
      path: '/v1/chat/completions',
      simRequestId: 'id-seven',
      status: 200,
      abortedAt: undefined,
    });
    expect(record?.chunks).toBeGreaterThanOrEqual(1);
    expect(record?.endAt).toBeGreaterThanOrEqual(record?.requestAt ?? Number.POSITIVE_INFINITY);
    expect(tap.take()).toEqual([]);
  });

  it('records an abort, not an end, when the caller hangs up mid-answer', async () => {
    tap = await startTimingTap(await startUpstream());
    const controller = new AbortController();
    const response = await fetch(`${tap.url}/hang`, {
      method: 'POST',
      body: 'x',
      signal: controller.signal,
    });
    const reader = response.body?.getReader();
    await reader?.read();
    controller.abort();
    await tap.settled();
    const [record] = tap.take();
    expect(record?.endAt).toBeUndefined();
    expect(record?.abortedAt).toBeGreaterThanOrEqual(record?.requestAt ?? Number.POSITIVE_INFINITY);
  });
});
