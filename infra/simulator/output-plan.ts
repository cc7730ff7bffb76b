/**
 * Turns a generation into what the server sends, token by token: where it stops (end of message,
 * a stop string, or `max_tokens`), the text each token releases under the stop-string hold-back,
 * and the finish reason. Pure; the engine only adds time.
 */
import type { OutputToken } from './generation.ts';
import { createStopTracker } from './stop-strings.ts';

/** One emitted token and the text it releases. */
export interface OutputStep {
  token: OutputToken;
  delta: string;
}

/** Everything a response needs, whatever its shape. */
export interface PlannedOutput {
  steps: OutputStep[];
  /** The final text (stop string removed unless included). */
  text: string;
  finishReason: 'stop' | 'length';
  /** The matched stop string; `null` for end of message and for `length`. */
  stopReason: string | null;
}

/** Plans the output of `tokens` under `maxTokens` and `stop`. */
export function planOutput(
  tokens: readonly OutputToken[],
  maxTokens: number,
  stop: readonly string[],
  includeStopInOutput: boolean,
): PlannedOutput {
  const tracker = createStopTracker(stop, includeStopInOutput);
  const steps: OutputStep[] = [];
  for (const [index, token] of tokens.entries()) {
    const isLast = token.isEnd || index + 1 >= maxTokens || index + 1 === tokens.length;
    const { delta, stoppedBy } = tracker.append(token.isEnd ? '' : token.token.text, isLast);
    steps.push({ token, delta });
    // The engine checks the length cap before end-of-sequence; a stop string found by the
    // detokenizer afterwards overrides both.
    if (stoppedBy !== undefined)
      return { steps, text: tracker.text, finishReason: 'stop', stopReason: stoppedBy };
    if (index + 1 >= maxTokens)
      return { steps, text: tracker.text, finishReason: 'length', stopReason: null };
    if (isLast) return { steps, text: tracker.text, finishReason: 'stop', stopReason: null };
  }
  return { steps, text: tracker.text, finishReason: 'length', stopReason: null };
}
