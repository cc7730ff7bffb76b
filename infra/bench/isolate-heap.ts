/**
 * The Worker isolate's JavaScript heap, read over wrangler dev's devtools port (Chrome DevTools
 * Protocol). The isolate holds the Worker and every Durable Object of the script. A heap
 * snapshot forces a full garbage collection first, so the used size read right after it is the
 * memory actually retained, not garbage the collector has not reached yet.
 */

export interface IsolateHeap {
  /** Used heap bytes after a full garbage collection (takes a second or two). */
  retainedBytes(): Promise<number>;
  close(): void;
}

const CALL_TIMEOUT_MS = 60_000;

/** Connects to the first target wrangler's inspector proxy lists on `port`. */
export async function connectIsolateHeap(port: number): Promise<IsolateHeap> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const url = targets[0]?.webSocketDebuggerUrl;
  if (url === undefined) throw new Error(`No inspector target on port ${port}`);
  // The proxy refuses a connection without an Origin it knows (it guards against web pages).
  const socket = new WebSocket(url, { headers: { Origin: 'http://localhost' } } as never);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error(`Cannot open ${url}`)), { once: true });
  });
  let nextId = 0;
  const pending = new Map<number, (result: Record<string, unknown>) => void>();
  socket.addEventListener('message', (message) => {
    const data = JSON.parse(String(message.data)) as {
      id?: number;
      result?: Record<string, unknown>;
    };
    if (data.id === undefined) return;
    pending.get(data.id)?.(data.result ?? {});
    pending.delete(data.id);
  });
  const call = (method: string, params: object = {}) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = ++nextId;
      const timer = setTimeout(() => reject(new Error(`${method} timed out`)), CALL_TIMEOUT_MS);
      pending.set(id, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      socket.send(JSON.stringify({ id, method, params }));
    });
  await call('HeapProfiler.enable');
  return {
    async retainedBytes() {
      // wrangler keeps the inspector's Runtime domain on, so V8 keeps every console message (one
      // log line per kept step) alive for devtools: a dev-tool cost, dropped before each reading.
      await call('Runtime.discardConsoleEntries');
      await call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      const usage = await call('Runtime.getHeapUsage');
      return Number(usage.usedSize);
    },
    close: () => socket.close(),
  };
}
