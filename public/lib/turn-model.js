/**
 * The playground's picture of one turn, built from its events alone (so a replay after a reload
 * rebuilds the same picture): kept steps with origin, score and times, the step being decided,
 * the answer so far, and the turn's end. Events at or before `lastSeq` are ignored, which makes
 * replaying an overlap harmless. Pure: no DOM, no fetch, no clock.
 */

/**
 * How a kept step came to be, as the page shows it.
 * - `accepted`: the draft model wrote it and the judge accepted it.
 * - `rewritten`: the judge rejected the draft; the base model wrote this step instead.
 * - `base`: the base model wrote it without a draft (first-n-base, mode base, draft failures).
 * - `draft-only`: mode draft, the draft model alone.
 * @typedef {'accepted' | 'rewritten' | 'base' | 'draft-only'} StepKind
 */

/**
 * @typedef {object} StepView
 * @property {number} index
 * @property {StepKind} kind
 * @property {string} text
 * @property {number} tokens
 * @property {number | null | undefined} score  the judge's score; null when it failed
 * @property {string | undefined} draftText      the rejected draft of a rewritten step
 * @property {string | undefined} reason         why a step was written without judging
 * @property {number | undefined} draftMs
 * @property {number | undefined} judgeMs
 * @property {number | undefined} baseMs
 */

/**
 * @typedef {object} PendingStep the draft being judged, or the rewrite being written
 * @property {number} index
 * @property {'judging' | 'rewriting'} phase
 * @property {string} draftText
 * @property {number | null | undefined} score
 * @property {number | undefined} draftMs
 * @property {number | undefined} judgeMs
 */

export function createTurnModel() {
  return {
    lastSeq: 0,
    /** @type {'waiting' | 'running' | 'completed' | 'cancelled' | 'failed'} */
    status: 'waiting',
    mode: /** @type {string | undefined} */ (undefined),
    pipeline: /** @type {string | undefined} */ (undefined),
    threshold: /** @type {number | undefined} */ (undefined),
    /** @type {StepView[]} */
    steps: [],
    /** @type {PendingStep | undefined} */
    pending: undefined,
    answer: '',
    answerDeltas: 0,
    startedAt: /** @type {number | undefined} */ (undefined),
    thinkingEndedAt: /** @type {number | undefined} */ (undefined),
    endedAt: /** @type {number | undefined} */ (undefined),
    stopReason: /** @type {string | undefined} */ (undefined),
    /** @type {Record<string, number> | undefined} the core's usage from turn-end */
    usage: undefined,
    /** @type {string | undefined} */
    notice: undefined,
    /** @type {Array<Record<string, any>>} every applied event, for the timeline and storage */
    events: [],
  };
}

/** @typedef {ReturnType<typeof createTurnModel>} TurnModel */

/**
 * Applies one event (the JSON of a turn events message). Returns whether it was new.
 * @param {TurnModel} model
 * @param {Record<string, any>} event
 */
export function applyEvent(model, event) {
  if (typeof event.seq !== 'number' || event.seq <= model.lastSeq) return false;
  model.lastSeq = event.seq;
  model.events.push(event);
  if (model.status === 'waiting') model.status = 'running';
  switch (event.type) {
    case 'turn-start':
      model.startedAt = event.at;
      model.mode = event.mode;
      model.pipeline = event.pipeline;
      break;
    case 'step-proposed':
      model.pending = {
        index: event.index,
        phase: 'judging',
        draftText: event.text,
        score: undefined,
        draftMs: event.elapsedMs,
        judgeMs: undefined,
      };
      break;
    case 'step-scored':
      model.threshold = event.threshold;
      if (model.pending?.index === event.index) {
        model.pending.score = event.score;
        model.pending.judgeMs = event.elapsedMs;
      }
      if (event.failure) model.notice = `The judge call failed: ${event.failure.message}`;
      break;
    case 'step-accepted':
      keep(model, {
        ...fromPending(model, event.index),
        index: event.index,
        kind: 'accepted',
        text: event.text,
        tokens: event.tokens,
        score: event.score,
      });
      break;
    case 'step-rejected':
      if (model.pending?.index === event.index) {
        model.pending.phase = 'rewriting';
        model.pending.score = event.score;
      }
      break;
    case 'step-regenerated':
      keep(model, {
        ...fromPending(model, event.index),
        index: event.index,
        kind: 'rewritten',
        text: event.text,
        tokens: event.tokens,
        draftText: event.draftText,
        baseMs: event.elapsedMs,
      });
      break;
    case 'step-generated':
      keep(model, {
        index: event.index,
        kind: event.origin === 'base' ? 'base' : 'draft-only',
        text: event.text,
        tokens: event.tokens,
        score: undefined,
        draftText: undefined,
        reason: event.reason,
        draftMs: event.origin === 'base' ? undefined : event.elapsedMs,
        judgeMs: undefined,
        baseMs: event.origin === 'base' ? event.elapsedMs : undefined,
      });
      break;
    case 'draft-degraded':
      model.notice = `The draft model keeps failing (${event.failure.message}); the base model writes the rest.`;
      break;
    case 'turn-paused':
      model.notice = `Paused: the ${event.call} call failed (${event.failure.message}); retry ${event.attempt} soon.`;
      break;
    case 'thinking-end':
      model.thinkingEndedAt = event.at;
      model.stopReason = event.reason;
      model.pending = undefined;
      break;
    case 'answer-delta':
      model.answer += event.text;
      model.answerDeltas += 1;
      model.notice = undefined;
      break;
    case 'turn-end':
      model.status = event.status;
      model.endedAt = event.at;
      model.usage = event.usage;
      model.pending = undefined;
      if (event.failure) model.notice = `The turn failed: ${event.failure.message}`;
      break;
    default:
      break;
  }
  return true;
}

/** @param {TurnModel} model @param {number} index */
function fromPending(model, index) {
  const pending = model.pending?.index === index ? model.pending : undefined;
  return {
    score: pending?.score,
    draftText: undefined,
    reason: undefined,
    draftMs: pending?.draftMs,
    judgeMs: pending?.judgeMs,
    baseMs: undefined,
  };
}

/** @param {TurnModel} model @param {StepView} step */
function keep(model, step) {
  model.steps[step.index] = step;
  model.pending = undefined;
}

/**
 * Running totals from the kept steps (the turn's own usage replaces the estimates at the end).
 * @param {TurnModel} model
 * @param {number} now epoch ms, for the elapsed time of a live turn
 */
export function totalsOf(model, now) {
  const steps = model.steps.filter(Boolean);
  const count = (/** @type {StepKind} */ kind) => steps.filter((step) => step.kind === kind).length;
  const tokensOf = (/** @type {(step: StepView) => boolean} */ keepIt) =>
    steps.filter(keepIt).reduce((sum, step) => sum + step.tokens, 0);
  const accepted = count('accepted');
  const rewritten = count('rewritten');
  const decided = accepted + rewritten;
  return {
    steps: steps.length,
    accepted,
    rewritten,
    base: count('base'),
    acceptRate: decided > 0 ? accepted / decided : undefined,
    draftTokens: tokensOf((step) => step.kind === 'accepted' || step.kind === 'draft-only'),
    baseTokens: tokensOf((step) => step.kind === 'rewritten' || step.kind === 'base'),
    answerTokens: model.usage?.answerTokens ?? model.answerDeltas,
    elapsedMs: model.startedAt === undefined ? undefined : (model.endedAt ?? now) - model.startedAt,
  };
}
