/**
 * Times the model calls of many conversations running at once in this process, per
 * conversation: a `fetch` for the adapters that notes when each call was sent and when its
 * answer's last byte was read, with the simulator's request id (`x-sim-request-id`) that joins
 * it to the call's exact model time. The conversation a call belongs to is the one whose work
 * is running (AsyncLocalStorage), so shared adapters and the replica pool need no changes.
 * In-process counterpart of the timing tap (timing-tap.ts), which sits in front of a Worker.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { preciseNow } from './timing-tap.ts';

/** One call as the client saw it; times are epoch ms from `preciseNow`. */
export interface RecordedCall {
  /** The server's origin (`http://host:port`), which scopes its request ids. */
  origin: string;
  requestAt: number;
  /** When the client read the answer's body to its end or stopped reading it; undefined if never. */
  endAt: number | undefined;
  simRequestId: string | undefined;
}

export interface CallRecorder {
  /** Pass to the adapters; calls made outside `record` go through untimed. */
  fetch: typeof fetch;
  /** Runs `work`, recording every call it makes into `calls`. */
  record<T>(calls: RecordedCall[], work: () => Promise<T>): Promise<T>;
}

export function createCallRecorder(): CallRecorder {
  const storage = new AsyncLocalStorage<RecordedCall[]>();
  const recorded: typeof fetch = async (input, init) => {
    const calls = storage.getStore();
    if (calls === undefined) return fetch(input, init);
    const url = new URL(input instanceof Request ? input.url : input.toString());
    const call: RecordedCall = {
      origin: url.origin,
      requestAt: preciseNow(),
      endAt: undefined,
      simRequestId: undefined,
    };
    calls.push(call);
    const response = await fetch(input, init);
    call.simRequestId = response.headers.get('x-sim-request-id') ?? undefined;
    if (response.body === null) {
      call.endAt = preciseNow();
      return response;
    }
    // The adapter may stop reading once it has the answer's end and cancel the rest: either way
    // the call ended for the client when it last read.
    const reader = response.body.getReader();
    const end = () => {
      call.endAt ??= preciseNow();
    };
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) {
          end();
          controller.close();
        } else controller.enqueue(value);
      },
      cancel(reason) {
        end();
        return reader.cancel(reason);
      },
    });
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
  return { fetch: recorded, record: (calls, work) => storage.run(calls, work) };
}
