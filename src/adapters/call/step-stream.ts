/**
 * Turns a backend's stream of payloads into one step: text through the stop cutter, pieces to
 * `onText` as they are settled, usage and finish reason kept, in-band errors thrown. Shared by
 * every adapter; each brings its own payload reader (`interpret`). Stops reading, and cancels
 * the body, as soon as the step is complete.
 */
import type { GenerateResult, TokenUsage } from '../../core/ports.ts';
import { DONE_PAYLOAD, type SseDataReader } from '../http/sse-data-reader.ts';
import type { CallGuard } from './call-guard.ts';
import { type CallTarget, networkError, protocolError, streamError } from './call-target.ts';
import { isErrorChunk } from './error-body.ts';
import { NO_USAGE, type StepDeltaReader, toFinishReason } from './step-delta.ts';
import { createStopCutter } from './stop-cutter.ts';

/** Shared with the retry loop: a call that has handed text to its caller is never retried. */
export interface StepProgress {
  hasDeliveredText: boolean;
}

export interface StepStreamInput {
  source: SseDataReader;
  /** Reads one parsed payload; `undefined` means the payload is not a shape it knows. */
  interpret: StepDeltaReader;
  stops: readonly string[];
  onText: ((text: string) => void) | undefined;
  guard: CallGuard;
  target: CallTarget;
  progress: StepProgress;
}

export async function readStepStream(input: StepStreamInput): Promise<GenerateResult> {
  const { source, guard, target, progress } = input;
  const cutter = createStopCutter(input.stops);
  let text = '';
  let usage: TokenUsage | undefined;
  let serverFinish: string | undefined;
  let isDone = false;
  const release = (piece: string) => {
    if (piece === '') return;
    text += piece;
    progress.hasDeliveredText = true;
    input.onText?.(piece);
  };

  // The guard trips by aborting its signal: cancelling the reader then settles a pending read at
  // once, even on a body that ignores the upstream abort. One listener per step, where racing
  // every read against the guard cost a promise and a reaction per chunk.
  const cancelSource = () => source.cancel();
  guard.signal.addEventListener('abort', cancelSource, { once: true });
  if (guard.signal.aborted) cancelSource();
  try {
    reading: for (;;) {
      let payloads: string[] | undefined;
      try {
        payloads = await source.next();
      } catch (error) {
        if (guard.error === undefined) throw networkError(target, error);
      }
      const trippedWhileReading = guard.error;
      if (trippedWhileReading !== undefined) {
        // Past the server's finish only the usage chunk is still due; a timeout there loses
        // nothing the caller needs.
        if (serverFinish !== undefined && trippedWhileReading.code === 'timeout') break;
        throw trippedWhileReading;
      }
      if (payloads === undefined) break;
      for (const payload of payloads) {
        // An abort (from `onText`, say) stops delivery within the batch already read.
        const tripped = guard.error;
        if (tripped !== undefined) throw tripped;
        if (payload === DONE_PAYLOAD) {
          isDone = true;
          break reading;
        }
        if (payload.trim() === '') continue;
        const value = parsePayload(payload, target);
        if (isErrorChunk(value)) throw streamError(target, payload);
        const delta = input.interpret(value);
        if (delta === undefined) throw protocolError(target, 'a stream chunk of unknown shape');
        if (delta.usage !== undefined) usage = delta.usage;
        if (delta.text !== '') {
          guard.markFirstToken();
          release(cutter.push(delta.text));
          if (cutter.isStopped) break reading;
        }
        if (delta.finishReason !== undefined) {
          guard.markFirstToken();
          serverFinish = delta.finishReason;
        }
      }
    }
  } finally {
    guard.signal.removeEventListener('abort', cancelSource);
    source.cancel();
  }

  if (cutter.isStopped) {
    return { text, finishReason: { unified: 'stop', raw: undefined }, usage: usage ?? NO_USAGE };
  }
  // A body that ends with neither `[DONE]` nor a finish reason was cut (a dropped connection, a
  // worker restart), whatever the backend: the step may be incomplete, so the call failed. The
  // Workers AI provider reads it the same way ("stream-truncated", cloudflare/ai
  // packages/workers-ai-provider/src/streaming.ts).
  if (!isDone && serverFinish === undefined) {
    throw networkError(target, new Error('the stream ended before the reply was complete'));
  }
  release(cutter.flush());
  return { text, finishReason: toFinishReason(serverFinish), usage: usage ?? NO_USAGE };
}

function parsePayload(payload: string, target: CallTarget): unknown {
  try {
    return JSON.parse(payload);
  } catch (error) {
    throw protocolError(target, `a stream chunk that is not JSON: ${payload.slice(0, 80)}`, error);
  }
}
