/**
 * The two ways to reach Workers AI: the `env.AI` binding (production) and the REST shape
 * `POST {url}/client/v4/accounts/{account}/ai/run/{model}` (local dev and tests, against the
 * simulator). Both end in the same payload reader; the binding's union result (a stream or an
 * object) and the REST envelope are narrowed here, once, as are their capacity errors.
 */
import { isRetryableStatus, ModelCallError } from '../../core/errors.ts';
import type { CallGuard } from '../call/call-guard.ts';
import { type CallTarget, protocolError, redactUrl, streamError } from '../call/call-target.ts';
import { describeErrorValue, isErrorChunk, isRecord } from '../call/error-body.ts';
import { createWholeReplyReader, openReplyPayloads, postJson } from '../http/http-reply.ts';
import { createSseDataReader, type SseDataReader } from '../http/sse-data-reader.ts';
import { capacityCodeInMessage, isWorkersAiCapacityCode } from './workers-ai-wire.ts';

/** The slice of the `Ai` binding this adapter uses; `env.AI` satisfies it, and so does a fake. */
export interface WorkersAiBinding {
  run(
    model: string,
    inputs: Record<string, unknown>,
    options?: { signal?: AbortSignal; extraHeaders?: Record<string, string> },
  ): Promise<unknown>;
}

export type WorkersAiTransport =
  | { kind: 'binding'; binding: WorkersAiBinding }
  | {
      kind: 'rest';
      /** The API origin, e.g. `http://127.0.0.1:8788` or `https://api.cloudflare.com`. */
      url: string;
      accountId: string;
      /** Sent as a bearer token when set. */
      apiToken?: string | undefined;
      fetch?: typeof fetch | undefined;
    };

export interface WorkersAiRun {
  model: string;
  inputs: Record<string, unknown>;
  affinityKey: string | undefined;
  guard: CallGuard;
  target: CallTarget;
  now: () => number;
}

/** Where a call goes, for error messages. */
export function workersAiEndpoint(transport: WorkersAiTransport, model: string): string {
  if (transport.kind === 'binding') return `AI binding run ${model}`;
  return `POST ${redactUrl(workersAiRestUrl(transport, model))}`;
}

export function workersAiRestUrl(transport: { url: string; accountId: string }, model: string) {
  return `${transport.url.replace(/\/+$/, '')}/client/v4/accounts/${transport.accountId}/ai/run/${model}`;
}

/** Runs the model once through the transport and opens its reply as payloads. */
export async function runWorkersAi(
  transport: WorkersAiTransport,
  run: WorkersAiRun,
): Promise<SseDataReader> {
  const affinity: Record<string, string> =
    run.affinityKey === undefined ? {} : { 'x-session-affinity': run.affinityKey };
  if (transport.kind === 'binding') {
    const trippedBefore = run.guard.error;
    if (trippedBefore !== undefined) throw trippedBefore;
    let result: unknown;
    try {
      result = await run.guard.race(
        transport.binding.run(run.model, run.inputs, {
          signal: run.guard.signal,
          ...(run.affinityKey === undefined ? {} : { extraHeaders: affinity }),
        }),
      );
    } catch (error) {
      throw run.guard.error ?? bindingError(run.target, error);
    }
    return narrowBindingResult(result, run.target);
  }
  const response = await postJson({
    fetch: transport.fetch ?? globalThis.fetch.bind(globalThis),
    url: workersAiRestUrl(transport, run.model),
    headers: {
      accept: 'text/event-stream',
      ...(transport.apiToken ? { authorization: `Bearer ${transport.apiToken}` } : {}),
      ...affinity,
    },
    body: run.inputs,
    guard: run.guard,
    target: run.target,
    now: run.now,
    isRetryable: (status, code) => isRetryableStatus(status) || isWorkersAiCapacityCode(code),
  });
  return openReplyPayloads(response, run.guard, run.target, unwrapRestEnvelope);
}

/** The binding resolves with a byte stream when it streams, with an object when it does not. */
export function narrowBindingResult(result: unknown, target: CallTarget): SseDataReader {
  if (result instanceof ReadableStream) return createSseDataReader(result);
  if (isRecord(result)) return createWholeReplyReader(JSON.stringify(result));
  throw protocolError(target, `the binding returned ${typeof result}`);
}

/** A non-streamed REST reply comes in the Cloudflare envelope: `{result, success, errors}`. */
function unwrapRestEnvelope(value: unknown, text: string, target: CallTarget): unknown {
  if (!isRecord(value)) return value;
  if (value.success === false || isErrorChunk(value)) throw streamError(target, text);
  return 'result' in value && isRecord(value.result) ? value.result : value;
}

/** Binding failures arrive as thrown errors whose message or `code` holds the internal code. */
export function bindingError(target: CallTarget, error: unknown): ModelCallError {
  const message = error instanceof Error ? error.message : String(error);
  const ownCode = isRecord(error) ? describeErrorValue(error).code : undefined;
  const isCapacity =
    isWorkersAiCapacityCode(ownCode) ||
    capacityCodeInMessage(message) !== undefined ||
    /\b429\b/.test(message);
  return new ModelCallError({
    code: 'http',
    status: isCapacity ? 429 : undefined,
    message: `${target.operation} failed${isCapacity ? ' with status 429' : ''}: ${target.endpoint} (${message})`,
    isRetryable: isCapacity,
    cause: error,
  });
}
