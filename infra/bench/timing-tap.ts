/**
 * The timing tap: a loopback HTTP proxy between the Worker and the model servers. It forwards
 * every request unchanged (streaming both ways) and records, on this process's high-resolution
 * clock, when the Worker's request arrived and when the last byte of the answer went back, or
 * when the Worker hung up first (an aborted call). The gaps between one call's end and the next
 * call's start are the Worker's own time, in real milliseconds, whatever the simulator's time
 * scale; the simulator's request id (`x-sim-request-id`) joins a record to its model time.
 */
import { Agent, createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest, Agent as SecureAgent } from 'node:https';
import type { AddressInfo } from 'node:net';

/** One call as the tap saw it. */
export interface TapRecord {
  /** Arrival order. */
  seq: number;
  method: string;
  path: string;
  /** The tap's label (which model it stands before). */
  label: string;
  /** The simulator's id for the request (response header), when it sent one. */
  simRequestId: string | undefined;
  status: number | undefined;
  /** Epoch milliseconds (fractional) when the request's headers arrived from the Worker. */
  requestAt: number;
  /** When the last response byte was handed to the Worker's connection; undefined if never. */
  endAt: number | undefined;
  /** The Worker closed the connection before the response ended (it aborted the call). */
  abortedAt: number | undefined;
  /** Response body chunks forwarded (one per SSE write, roughly one per token). */
  chunks: number;
}

export interface TimingTap {
  /** Where the Worker should send its model calls instead of the upstream. */
  url: string;
  /** Every record since the last `take` (records still open are included as they stand). */
  take(): TapRecord[];
  /** Resolves once no call is open (a hang-up is noticed a moment after it happens). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** Epoch milliseconds with sub-millisecond resolution, comparable across this process. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Starts a tap on 127.0.0.1 (a free port) that forwards to the origin of `upstream`. */
export async function startTimingTap(upstream: string, label = 'models'): Promise<TimingTap> {
  const target = new URL(upstream);
  const secure = target.protocol === 'https:';
  const agent = secure
    ? new SecureAgent({ keepAlive: true, maxSockets: 64 })
    : new Agent({ keepAlive: true, maxSockets: 64 });
  const send = secure ? httpsRequest : httpRequest;
  let records: TapRecord[] = [];
  let seq = 0;
  let open = 0;
  let waiting: (() => void)[] = [];
  const closeOne = () => {
    open -= 1;
    if (open > 0) return;
    for (const resolve of waiting) resolve();
    waiting = [];
  };
  // Nagle's algorithm would hold a small last write in the kernel after the tap counted it as
  // sent, and that wait would be booked as the Worker's time: every socket sends at once.
  const server = createServer({ noDelay: true }, (incoming, outgoing) => {
    const record: TapRecord = {
      seq: ++seq,
      label,
      method: incoming.method ?? 'GET',
      path: incoming.url ?? '/',
      simRequestId: undefined,
      status: undefined,
      requestAt: preciseNow(),
      endAt: undefined,
      abortedAt: undefined,
      chunks: 0,
    };
    records.push(record);
    open += 1;
    let isClosed = false;
    const close = (field: 'endAt' | 'abortedAt') => {
      if (isClosed) return;
      isClosed = true;
      record[field] = preciseNow();
      closeOne();
    };
    const forward = send({
      agent,
      host: target.hostname,
      port: target.port || (secure ? 443 : 80),
      method: record.method,
      path: record.path,
      headers: { ...incoming.headers, host: target.host },
    });
    forward.on('socket', (socket) => socket.setNoDelay(true));
    forward.on('response', (answer: IncomingMessage) => {
      record.status = answer.statusCode;
      const id = answer.headers['x-sim-request-id'];
      record.simRequestId = typeof id === 'string' ? id : undefined;
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.on('data', (chunk: Buffer) => {
        record.chunks += 1;
        outgoing.write(chunk);
      });
      answer.on('end', () => outgoing.end(() => close('endAt')));
    });
    forward.on('error', () => {
      if (isClosed) return;
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end(() => close('endAt'));
    });
    outgoing.on('close', () => {
      if (outgoing.writableFinished) return;
      close('abortedAt');
      forward.destroy();
    });
    incoming.pipe(forward);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    take() {
      const taken = records;
      records = [];
      return taken;
    },
    settled: () =>
      open === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve)),
    close: () =>
      new Promise((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
