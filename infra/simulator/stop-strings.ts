/**
 * Stop strings exactly as the pinned vLLM detokenizer applies them: after each token the text is
 * searched (only where the new characters could complete a match), truncated before the stop
 * string (or after it with `include_stop_str_in_output`), and streamed text lags behind by
 * `max(len(stop)) - 1` characters so a stop string is never half-sent. The token that completed
 * a match still counts and keeps its logprobs. Lengths are in code points, as in Python.
 */

/** The outcome of appending one token. */
export interface TextStep {
  /** Text to send with this token (may be empty while held back). */
  delta: string;
  /** The stop string that ended generation, if any. */
  stoppedBy: string | undefined;
}

/** Tracks the output text of one request across tokens. */
export interface StopTracker {
  /** Appends a token's text; `isLast` flushes the hold-back (the request ends with this token). */
  append(tokenText: string, isLast: boolean): TextStep;
  /** The output text so far (truncated at a matched stop string). */
  readonly text: string;
}

/** A tracker for `stop` strings (empty strings are rejected earlier, as vLLM does). */
export function createStopTracker(
  stop: readonly string[],
  includeStopInOutput: boolean,
): StopTracker {
  const holdBack =
    stop.length > 0 && !includeStopInOutput ? Math.max(...stop.map(codePointLength)) - 1 : 0;
  let text = '';
  let sentUpTo = 0;
  return {
    get text() {
      return text;
    },
    append(tokenText, isLast) {
      text += tokenText;
      const match = findStop(text, codePointLength(tokenText), stop, includeStopInOutput);
      if (match?.truncateAt !== undefined) text = text.slice(0, match.truncateAt);
      const finished = isLast || match !== undefined;
      const visibleEnd = finished ? text.length : text.length - tailUnits(text, holdBack);
      let delta = '';
      if (sentUpTo < visibleEnd) {
        delta = text.slice(sentUpTo, visibleEnd);
        sentUpTo = visibleEnd;
      }
      return { delta, stoppedBy: match?.stop };
    },
  };
}

function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** How many UTF-16 units the last `count` code points of `text` take. */
function tailUnits(text: string, count: number): number {
  let units = 0;
  for (let seen = 0; seen < count && units < text.length; seen += 1) {
    const code = text.charCodeAt(text.length - 1 - units);
    units += code >= 0xdc00 && code <= 0xdfff && units + 1 < text.length ? 2 : 1;
  }
  return units;
}

/** vLLM `check_stop_strings`: the first stop string (in request order) found in the new text. */
function findStop(
  text: string,
  newCount: number,
  stop: readonly string[],
  includeStopInOutput: boolean,
): { stop: string; truncateAt: number | undefined } | undefined {
  if (newCount === 0) return undefined;
  for (const item of stop) {
    // Python's str.find with a negative start: only the tail the new token could complete.
    const start = text.length - tailUnits(text, newCount + codePointLength(item) - 1);
    const index = text.indexOf(item, start);
    if (index === -1) continue;
    if (!includeStopInOutput) return { stop: item, truncateAt: index };
    const end = index + item.length;
    return { stop: item, truncateAt: end >= text.length ? undefined : end };
  }
  return undefined;
}
