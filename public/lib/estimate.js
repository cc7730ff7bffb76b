/**
 * How long the turn would have taken with the base model alone, estimated from the turn's own
 * trace: the kept reasoning tokens at the base model's pace measured in this turn (its rewrites
 * and base steps, or else its answer), plus the answer phase as measured. A labelled estimate:
 * a base-only run writes different steps, so its token count would differ too.
 */

/**
 * @typedef {object} BaseOnlyEstimate
 * @property {number} ms                the estimated base-only time
 * @property {number} msPerToken        the base model's pace used
 * @property {'base steps' | 'answer' | 'measured'} paceFrom  where the pace came from
 * @property {number} reasoningTokens
 * @property {number} answerMs
 * @property {number | undefined} speedup  estimate ÷ measured elapsed time
 */

/**
 * @param {Record<string, any>} detail the turn resource (GET …/turns/{n})
 * @param {{ thinkingEndedAt?: number, endedAt?: number }} times from the turn's events
 * @returns {BaseOnlyEstimate | undefined}
 */
export function estimateBaseOnly(detail, times) {
  if (detail.status !== 'completed' || typeof detail.elapsed_ms !== 'number') return undefined;
  const steps = /** @type {Array<Record<string, any>>} */ (detail.steps ?? []);
  const reasoningTokens = steps.reduce((sum, step) => sum + step.tokens, 0);
  const answerMs =
    times.endedAt !== undefined && times.thinkingEndedAt !== undefined
      ? Math.max(0, times.endedAt - times.thinkingEndedAt)
      : 0;
  if (detail.settings?.mode === 'base') {
    return {
      ms: detail.elapsed_ms,
      msPerToken: reasoningTokens > 0 ? (detail.elapsed_ms - answerMs) / reasoningTokens : 0,
      paceFrom: 'measured',
      reasoningTokens,
      answerMs,
      speedup: 1,
    };
  }
  const written = steps.filter(
    (step) =>
      step.origin === 'base' && typeof step.timings?.base_ms === 'number' && step.tokens > 0,
  );
  const writtenTokens = written.reduce((sum, step) => sum + step.tokens, 0);
  const answerTokens = detail.usage?.specreason?.answer_tokens ?? 0;
  /** @type {number} */
  let msPerToken;
  /** @type {BaseOnlyEstimate['paceFrom']} */
  let paceFrom;
  if (writtenTokens > 0) {
    msPerToken = written.reduce((sum, step) => sum + step.timings.base_ms, 0) / writtenTokens;
    paceFrom = 'base steps';
  } else if (answerTokens > 0 && answerMs > 0) {
    msPerToken = answerMs / answerTokens;
    paceFrom = 'answer';
  } else {
    return undefined;
  }
  const ms = reasoningTokens * msPerToken + answerMs;
  return {
    ms,
    msPerToken,
    paceFrom,
    reasoningTokens,
    answerMs,
    speedup: detail.elapsed_ms > 0 ? ms / detail.elapsed_ms : undefined,
  };
}
