/**
 * Scores a judge reply on the 0–9 scale (design.md §1.3). Defensive by design: Qwen tokenizers
 * split digits one per token and a template that trims the assistant prefix makes the first
 * token a space, so whitespace tokens are skipped, tokens are stripped before reading, and the
 * same digit appearing twice (`"7"` and `" 7"`) is counted once with both probabilities.
 */
import type { ScoreMethod } from './config.ts';
import type { JudgeResult, TokenLogprob } from './ports.ts';

/** The digit a token stands for: a lone digit after stripping, or a digit then a non-digit. */
export function digitOf(token: string): number | undefined {
  const stripped = token.trim();
  const match = /^([0-9])(?![0-9])/.exec(stripped);
  return match ? Number(match[1]) : undefined;
}

function isWhitespace(token: string): boolean {
  return token.trim() === '';
}

function byLikelihood(alternatives: readonly TokenLogprob[]): TokenLogprob[] {
  return [...alternatives].sort((a, b) => b.logprob - a.logprob);
}

/**
 * `greedy`: the most likely token that is not whitespace, read as a digit; any other token
 * scores 0, as in the reference. Undefined only when the reply holds no token at all.
 */
export function greedyScore(result: JudgeResult): number | undefined {
  const sampled = result.token;
  if (sampled !== undefined && !isWhitespace(sampled)) return digitOf(sampled) ?? 0;
  const alternatives = byLikelihood(result.topLogprobs ?? []).filter(
    (alternative) => !isWhitespace(alternative.token),
  );
  const top = alternatives[0];
  if (top !== undefined) return digitOf(top.token) ?? 0;
  return sampled === undefined ? undefined : 0;
}

/**
 * `average`: the probability-weighted mean of the digit tokens among the top alternatives,
 * renormalised over 0–9. Undefined when no alternative is a digit or logprobs are missing.
 */
export function averageScore(result: JudgeResult): number | undefined {
  const probabilityByDigit = new Map<number, number>();
  for (const alternative of result.topLogprobs ?? []) {
    const digit = digitOf(alternative.token);
    if (digit === undefined || !Number.isFinite(alternative.logprob)) continue;
    probabilityByDigit.set(
      digit,
      (probabilityByDigit.get(digit) ?? 0) + Math.exp(alternative.logprob),
    );
  }
  let total = 0;
  let weighted = 0;
  for (const [digit, probability] of probabilityByDigit) {
    total += probability;
    weighted += digit * probability;
  }
  if (total <= 0) return undefined;
  return weighted / total;
}

/** The step's score, or `undefined` when the reply cannot be scored (treated as a rejection). */
export function scoreJudgeResult(result: JudgeResult, method: ScoreMethod): number | undefined {
  switch (method) {
    case 'greedy':
      return greedyScore(result);
    case 'average':
      return averageScore(result);
    default:
      return method satisfies never;
  }
}

/** The accept rule: a score at or above the threshold. An unscorable reply is never accepted. */
export function isAccepted(score: number | undefined, threshold: number): boolean {
  return score !== undefined && score >= threshold;
}
