/**
 * Scores a judge reply on the 0–9 scale (design.md §1.3), by the reference's rules or by ours.
 *
 * The reference (spec_reason.py, `process_logprobs`) reads raw tokens: greedy is `int(token)` when
 * the sampled token `isdigit()`, else 0 (`"10"` → 10, `" 7"` → 0); average is the probability-
 * weighted mean over the top alternatives whose raw text `isdigit()`, renormalised over them, and 0
 * when none is (a score that threshold 0 still accepts). Our rules (`product` semantics) differ in
 * two documented ways, both because a chat template that trims the assistant prefix makes the score
 * token arrive as `" 7"` or after a lone `" "` token, where the reference would score every step 0:
 * - whitespace around a token is ignored and a whitespace-only sampled token is skipped for the
 *   most likely token that is not whitespace; a digit followed by punctuation (`"6."`) reads as it;
 * - average merges the same number listed twice (`"7"` and `" 7"`), adding their probabilities.
 * Everything else is the reference's: a multi-digit token reads as its value, a non-number as 0,
 * and a reply whose alternatives hold no number averages to 0. A reply with no logprobs at all
 * (where the reference would fail) cannot be scored and counts as a rejection.
 */
import type { ScoreMethod, Semantics } from './config.ts';
import type { JudgeResult, TokenLogprob } from './ports.ts';

/**
 * The number a token stands for under our rules: after trimming, a run of digits (its value), or
 * one digit followed by a non-digit (`"6."` → 6); `undefined` otherwise.
 */
export function numberOf(token: string): number | undefined {
  const stripped = token.trim();
  if (/^[0-9]+$/.test(stripped)) return Number(stripped);
  const match = /^([0-9])[^0-9]/.exec(stripped);
  return match ? Number(match[1]) : undefined;
}

/** Python's `str.isdigit()` on the raw token, for ASCII digits (the reference's filter). */
function isRawNumber(token: string): boolean {
  return /^[0-9]+$/.test(token);
}

function isWhitespace(token: string): boolean {
  return token.trim() === '';
}

function byLikelihood(alternatives: readonly TokenLogprob[]): TokenLogprob[] {
  return [...alternatives].sort((a, b) => b.logprob - a.logprob);
}

/**
 * `greedy`: the sampled token, or the most likely one that is not whitespace, read as a number;
 * any other token scores 0. Undefined only when the reply holds no token at all.
 */
export function greedyScore(result: JudgeResult): number | undefined {
  const sampled = result.token;
  if (sampled !== undefined && !isWhitespace(sampled)) return numberOf(sampled) ?? 0;
  const alternatives = byLikelihood(result.topLogprobs ?? []).filter(
    (alternative) => !isWhitespace(alternative.token),
  );
  const top = alternatives[0];
  if (top !== undefined) return numberOf(top.token) ?? 0;
  return sampled === undefined ? undefined : 0;
}

/**
 * `average`: the probability-weighted mean of the numbers among the top alternatives,
 * renormalised over them (the same number listed twice counts once, with both probabilities);
 * 0 when none is a number; undefined when the reply carries no logprobs.
 */
export function averageScore(result: JudgeResult): number | undefined {
  if (result.topLogprobs === undefined) return undefined;
  return weightedMean(
    result.topLogprobs.flatMap((alternative) => {
      const value = numberOf(alternative.token);
      return value === undefined ? [] : [{ value, logprob: alternative.logprob }];
    }),
  );
}

/** The reference's greedy rule on the raw sampled token. */
export function referenceGreedyScore(result: JudgeResult): number | undefined {
  if (result.token === undefined) return undefined;
  return isRawNumber(result.token) ? Number(result.token) : 0;
}

/**
 * The reference's average rule: raw tokens only, and a token listed twice keeps its last
 * probability (a Python dict built from the list).
 */
export function referenceAverageScore(result: JudgeResult): number | undefined {
  if (result.topLogprobs === undefined) return undefined;
  const byToken = new Map<string, number>();
  for (const alternative of result.topLogprobs) byToken.set(alternative.token, alternative.logprob);
  return weightedMean(
    [...byToken].flatMap(([token, logprob]) =>
      isRawNumber(token) ? [{ value: Number(token), logprob }] : [],
    ),
  );
}

function weightedMean(numbers: readonly { value: number; logprob: number }[]): number {
  let total = 0;
  let weighted = 0;
  for (const { value, logprob } of numbers) {
    // A NaN or +Infinity logprob (a lenient server or parser) would make every score NaN.
    if (Number.isNaN(logprob) || logprob === Number.POSITIVE_INFINITY) continue;
    const probability = Math.exp(logprob);
    total += probability;
    weighted += value * probability;
  }
  return total > 0 ? weighted / total : 0;
}

/** The step's score, or `undefined` when the reply cannot be scored (treated as a rejection). */
export function scoreJudgeResult(
  result: JudgeResult,
  method: ScoreMethod,
  semantics: Semantics = 'product',
): number | undefined {
  switch (method) {
    case 'greedy':
      return semantics === 'reference' ? referenceGreedyScore(result) : greedyScore(result);
    case 'average':
      return semantics === 'reference' ? referenceAverageScore(result) : averageScore(result);
    default:
      return method satisfies never;
  }
}

/** The accept rule: a score at or above the threshold. An unscorable reply is never accepted. */
export function isAccepted(score: number | undefined, threshold: number): boolean {
  return score !== undefined && score >= threshold;
}
