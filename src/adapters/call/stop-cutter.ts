/**
 * Cuts streamed text at the first stop string, whatever the server does with `stop`. Text that
 * could still be the start of a stop string is held back until the next piece settles it, so
 * nothing at or after a stop string is ever released, and released pieces concatenate to the
 * final text.
 */

export interface StopCutter {
  /** Adds a piece of model text; returns the text that is now safe to release (may be empty). */
  push(piece: string): string;
  /** Whether a stop string has been seen; later pushes release nothing. */
  readonly isStopped: boolean;
  /** The end of the stream: releases any held-back text (none after a stop). */
  flush(): string;
}

export function createStopCutter(stops: readonly string[]): StopCutter {
  const stopStrings = stops.filter((stop) => stop !== '');
  let held = '';
  let isStopped = false;

  return {
    push(piece) {
      if (isStopped) return '';
      const text = held + piece;
      const stopAt = firstStopIndex(text, stopStrings);
      if (stopAt !== -1) {
        isStopped = true;
        held = '';
        return text.slice(0, stopAt);
      }
      const keep = longestPartialStop(text, stopStrings);
      held = text.slice(text.length - keep);
      return text.slice(0, text.length - keep);
    },
    get isStopped() {
      return isStopped;
    },
    flush() {
      const rest = held;
      held = '';
      return isStopped ? '' : rest;
    },
  };
}

function firstStopIndex(text: string, stops: readonly string[]): number {
  let first = -1;
  for (const stop of stops) {
    const index = text.indexOf(stop);
    if (index !== -1 && (first === -1 || index < first)) first = index;
  }
  return first;
}

/** The length of the longest suffix of `text` that is a proper prefix of some stop string. */
function longestPartialStop(text: string, stops: readonly string[]): number {
  let longest = 0;
  for (const stop of stops) {
    const limit = Math.min(stop.length - 1, text.length);
    for (let length = limit; length > longest; length--) {
      if (text.endsWith(stop.slice(0, length))) {
        longest = length;
        break;
      }
    }
  }
  return longest;
}
