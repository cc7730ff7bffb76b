/**
 * Serves one generation request of any wire shape (vLLM chat, vLLM completions, Workers AI):
 * applies a fault if one is due, generates and plans the output, runs it through the engine
 * (streaming each token as it is ready, or answering once at the end), stops when the client
 * goes away, and records the request in the stats.
 */
import type { ServerResponse } from 'node:http';
import type { PromptView } from './chat-template.ts';
import type { FaultKind } from './faults.ts';
import { generate } from './generation.ts';
import { clientGone, openStream, sendText, writeEvent } from './http-util.ts';
import { type OutputStep, type PlannedOutput, planOutput } from './output-plan.ts';
import type { ServedModel, SimulatorState } from './state.ts';
import type { RequestRecord } from './stats.ts';
import { dumpJson, STARLETTE_STYLE } from './wire/python-json.ts';
import type { WireError } from './wire/vllm-errors.ts';
import type { PositionLogprobs } from './wire/vllm-logprobs.ts';
import type { Usage } from './wire/vllm-responses.ts';

/** How one API writes its responses. */
export interface ResponseShape {
  contentType: string;
  body(
    output: PlannedOutput,
    usage: Usage,
    positions: readonly PositionLogprobs[] | undefined,
  ): string;
  /** Stream events before the first token. */
  opening(): string[];
  /** The event for token `index`, or `undefined` to send none. */
  token(
    step: OutputStep,
    index: number,
    output: PlannedOutput,
    position: PositionLogprobs | undefined,
    usage: Usage,
  ): string | undefined;
  /** Stream events after the last token (usage). */
  closing(usage: Usage): string[];
  /** The end-of-stream marker line, written as is. */
  done: string;
  /** A complete error response for an HTTP-level fault. */
  fault(
    kind: '429' | '500' | '503',
    retryAfterSeconds: number,
  ): { error: WireError; headers: Record<string, string> };
  /** An error after the stream started. */
  inband(error: WireError): string;
  /** A broken event, for the `malformed` fault. */
  malformed(): string;
}

/** Everything needed to serve one request. */
export interface ServeJob {
  model: ServedModel;
  route: string;
  id: string;
  view: PromptView;
  promptIds: readonly number[];
  sampling: { temperature: number; topP: number; topK: number; seed: number | undefined };
  maxTokens: number;
  stop: readonly string[];
  includeStopInOutput: boolean;
  stream: boolean;
  /** Alternatives wanted per token; `undefined` when no logprobs were asked for. */
  logprobs: number | undefined;
  /** An error the engine raises once the request runs (vLLM: too many logprobs). */
  engineError: WireError | undefined;
  cacheSalt: string | undefined;
  skipCacheRead: boolean;
  fault: FaultKind | undefined;
  /** How a flavour's prompt differs from vLLM's render; recorded in the stats. */
  anomalies?: readonly string[];
  shape: ResponseShape;
}

export async function serveGeneration(
  state: SimulatorState,
  job: ServeJob,
  response: ServerResponse,
): Promise<void> {
  const startedAt = Date.now();
  const signal = clientGone(response);
  const base = {
    id: job.id,
    model: job.model.name,
    route: job.route,
    startedAt,
    promptTokens: job.promptIds.length,
    sampling: {
      temperature: job.sampling.temperature,
      top_p: job.sampling.topP,
      top_k: job.sampling.topK,
      max_tokens: job.maxTokens,
    },
    ...(job.anomalies === undefined || job.anomalies.length === 0
      ? {}
      : { anomalies: job.anomalies }),
  };
  const record = (fields: Partial<RequestRecord> & Pick<RequestRecord, 'status' | 'kind'>) =>
    state.stats.record({
      cachedTokens: 0,
      prefillTokens: 0,
      decodeTokens: 0,
      overheadMs: 0,
      networkMs: 0,
      prefillMs: 0,
      decodeMs: 0,
      busyMs: 0,
      finishReason: null,
      endedAt: Date.now(),
      ...base,
      ...fields,
    });
  const fault = job.fault;
  if (fault === '429' || fault === '500' || fault === '503') {
    const retryAfter = state.faults.get(job.model.name)?.retryAfterSeconds ?? 1;
    const { error, headers } = job.shape.fault(fault, retryAfter);
    sendText(
      response,
      error.status,
      dumpJson(error.body, STARLETTE_STYLE),
      'application/json',
      headers,
    );
    record({ status: `fault:${fault}`, kind: 'reasoning' });
    return;
  }
  if (fault === 'hang') {
    if (!signal.aborted)
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    record({ status: 'fault:hang', kind: 'reasoning' });
    return;
  }
  const generation = generate(job.view, job.model.name, job.model.skill, job.sampling);
  if (job.engineError !== undefined) {
    if (job.stream) {
      openStream(response);
      writeEvent(response, job.shape.inband(job.engineError));
      response.end(job.shape.done);
    } else {
      sendText(response, job.engineError.status, dumpJson(job.engineError.body, STARLETTE_STYLE));
    }
    record({ status: 'error', kind: generation.kind });
    return;
  }
  const output = planOutput(generation.tokens, job.maxTokens, job.stop, job.includeStopInOutput);
  const wantsLogprobs = job.logprobs !== undefined && fault !== 'no-logprobs';
  const positions = wantsLogprobs ? output.steps.map((step) => step.token.logprobs()) : undefined;
  const faultAt = Math.floor(output.steps.length / 2);
  const usageAt = (completionTokens: number, cachedTokens: number): Usage => ({
    promptTokens: job.promptIds.length,
    completionTokens,
    cachedTokens: state.config.promptTokensDetails && cachedTokens > 0 ? cachedTokens : undefined,
  });
  const result = await state.engine.run(job.model.runtime, {
    promptIds: job.promptIds,
    outputIds: output.steps.map((step) => step.token.token.id),
    cacheSalt: job.cacheSalt,
    skipCacheRead: job.skipCacheRead,
    signal,
    onStart: () => {
      if (!job.stream) return;
      openStream(response, { 'x-sim-request-id': job.id });
      for (const event of job.shape.opening()) writeEvent(response, event);
    },
    onToken: (index) => {
      if (!job.stream) return;
      if (index === faultAt && fault === 'cut') {
        response.destroy();
        return;
      }
      if (index === faultAt && fault === 'no-done') {
        response.end();
        return;
      }
      if (index === faultAt && fault === 'malformed')
        response.write(`data: ${job.shape.malformed()}\n\n`);
      const step = output.steps[index]!;
      const event = job.shape.token(step, index, output, positions?.[index], usageAt(index + 1, 0));
      if (event !== undefined) writeEvent(response, event);
    },
  });
  const stats = {
    kind: generation.kind,
    cachedTokens: result.cachedTokens,
    prefillTokens: job.promptIds.length - result.cachedTokens,
    decodeTokens: result.emitted,
    overheadMs: result.overheadMs,
    networkMs: result.networkMs,
    prefillMs: result.prefillMs,
    decodeMs: result.decodeMs,
    busyMs: result.prefillMs + result.decodeMs,
    finishReason: result.aborted ? null : output.finishReason,
  };
  if (result.aborted || fault === 'cut') {
    if (fault === 'cut') response.destroy();
    record({ ...stats, status: fault === 'cut' ? 'fault:cut' : 'aborted' });
    return;
  }
  if (fault === 'no-done' && job.stream) {
    record({ ...stats, status: 'fault:no-done' });
    return;
  }
  const usage = usageAt(output.steps.length, result.cachedTokens);
  if (job.stream) {
    for (const event of job.shape.closing(usage)) writeEvent(response, event);
    response.end(job.shape.done);
  } else {
    const body = job.shape.body(output, usage, positions);
    const sent = fault === 'malformed' ? body.slice(0, Math.floor(body.length / 2)) : body;
    sendText(response, 200, sent, job.shape.contentType, { 'x-sim-request-id': job.id });
  }
  record({ ...stats, status: fault === undefined ? 'ok' : `fault:${fault}` });
}
