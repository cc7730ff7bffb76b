/**
 * The two logprob layouts of the pinned vLLM version, built from one source: per output token the
 * sampled token and the ranked alternatives. The engine's per-position dict holds the sampled
 * token first, then the top k (a duplicate of the sampled token keeps the first place). Chat shows
 * the first k entries with UTF-8 `bytes`; completions shows every entry (k or k+1) as a
 * `{token: logprob}` dict with `text_offset` in code points. Values are clamped at -9999.0.
 */

import { type PyJson, pyFloat } from './python-json.ts';
import { LOGPROB_FLOOR } from './vllm-profile.ts';

/** A token's text and log probability. */
export interface TokenLogprob {
  text: string;
  logprob: number;
}

/** What the engine knows about one output position. */
export interface PositionLogprobs {
  sampled: TokenLogprob;
  /** Alternatives by descending probability (at least as many as requested). */
  ranked: readonly TokenLogprob[];
}

function positionDict(position: PositionLogprobs, k: number): TokenLogprob[] {
  const entries = [position.sampled];
  for (const candidate of position.ranked.slice(0, k)) {
    if (candidate.text !== position.sampled.text) entries.push(candidate);
  }
  return entries;
}

const clamp = (logprob: number) => pyFloat(Math.max(logprob, LOGPROB_FLOOR));
const utf8 = (text: string) => [...Buffer.from(text, 'utf8')];

/** Chat `logprobs` for `positions` with `topLogprobs` alternatives each. */
export function chatLogprobs(positions: readonly PositionLogprobs[], topLogprobs: number): PyJson {
  return {
    content: positions.map((position) => ({
      token: position.sampled.text,
      logprob: clamp(position.sampled.logprob),
      bytes: utf8(position.sampled.text),
      top_logprobs:
        topLogprobs > 0
          ? positionDict(position, topLogprobs)
              .slice(0, topLogprobs)
              .map((entry) => ({
                token: entry.text,
                logprob: clamp(entry.logprob),
                bytes: utf8(entry.text),
              }))
          : [],
    })),
  };
}

/** Completions `logprobs` for `positions`, offsets starting at `initialOffset`. */
export function completionLogprobs(
  positions: readonly PositionLogprobs[],
  k: number,
  initialOffset: number,
): PyJson {
  const offsets: number[] = [];
  let offset = initialOffset;
  for (const position of positions) {
    offsets.push(offset);
    offset += [...position.sampled.text].length;
  }
  return {
    text_offset: offsets,
    token_logprobs: positions.map((position) => clamp(position.sampled.logprob)),
    tokens: positions.map((position) => position.sampled.text),
    top_logprobs: positions.map((position) => {
      // Python dict semantics: a repeated key keeps its first place and takes the later value.
      const dict = new Map<string, PyJson>();
      for (const entry of positionDict(position, k)) dict.set(entry.text, clamp(entry.logprob));
      return dict;
    }),
  };
}
