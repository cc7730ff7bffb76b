/**
 * Streamed calls: the final answer, and the single-model modes' free run (one continuous
 * generation cut into steps at blank lines as it streams). Text after `</think>` is the answer;
 * text before it is thinking. After a restart the same call streams again from the beginning
 * and only the answer text beyond what was already emitted becomes new `answer-delta` events.
 */
import type { ThinkingStopReason } from './events.ts';
import { completeTurn, emit, endThinking, keepStep } from './machine-moves.ts';
import type { GenerateResult } from './ports.ts';
import { STEP_SEPARATOR, THINK_CLOSE } from './prompts.ts';
import type { CallRef, KeptStep, StreamProgress, Transition, TurnState } from './state.ts';
import { estimateTokens, outputTokens } from './usage.ts';

export function onStreamText(next: Transition, callId: string, text: string): void {
  const stream = next.state.stream;
  if (stream === undefined || stream.callId !== callId) return;
  const call = next.state.inFlight.find((candidate) => candidate.id === callId);
  if (call === undefined) return;
  stream.raw += text;
  advance(next, call, stream, false);
}

export function onStreamDone(next: Transition, call: CallRef, result: GenerateResult): void {
  const { state } = next;
  const stream =
    state.stream?.callId === call.id
      ? state.stream
      : { callId: call.id, raw: '', consumed: 0, closed: false };
  // The final text is authoritative: a backend may deliver its last piece only in the result.
  if (result.text.length > stream.raw.length && result.text.startsWith(stream.raw)) {
    stream.raw = result.text;
  }
  // An answer call that hit its bound still thinking (a chat-mode adapter cannot close the
  // thinking for the model) wrote no answer: its text is reasoning, never returned as content.
  const isThinkingCut =
    call.kind === 'answer' &&
    result.finishReason.unified === 'length' &&
    !stream.raw.includes(THINK_CLOSE);
  advance(next, call, stream, true, isThinkingCut);
  if (stream.closed || call.kind === 'answer') {
    state.stream = undefined;
    const answer = isThinkingCut ? '' : visibleAnswer(stream, true);
    countTokens(state, call, result, answer, stream);
    completeTurn(next, result.finishReason.unified === 'length' ? 'length' : 'stop');
    return;
  }
  countTokens(state, call, result, '', stream);
  countFreeRunThinking(state, call, result);
  // A free run that stopped (or hit its bound) without closing its thinking: ask for the answer,
  // unless a stop rule already did.
  if (state.phase === 'thinking') {
    state.stream = undefined;
    endThinking(next, result.finishReason.unified === 'length' ? 'budget' : 'answer');
  }
}

/**
 * Makes the thinking of a free run count in the server's tokens, as speculative steps do: the
 * steps it kept were counted from their text while it streamed; once the server reports the
 * call's output tokens, those steps' counts are scaled to add up to that figure.
 */
function countFreeRunThinking(state: TurnState, call: CallRef, result: GenerateResult): void {
  const reported = result.usage.completionTokens;
  const steps = state.steps.filter((step) => step.index >= call.index);
  if (reported === undefined || steps.length === 0) return;
  const thinking = Math.max(0, reported - estimateTokens(visibleAnswerOf(result.text)));
  const estimated = steps.reduce((sum, step) => sum + step.tokens, 0);
  let assigned = 0;
  for (const step of steps) {
    step.tokens = Math.floor((step.tokens * thinking) / Math.max(1, estimated));
    assigned += step.tokens;
  }
  const last = steps[steps.length - 1] as KeptStep;
  last.tokens += thinking - assigned;
  state.usage.keptTokens += thinking - estimated;
}

/** The text after `</think>` in a finished call ('' when it never closed its thinking). */
function visibleAnswerOf(text: string): string {
  const close = text.indexOf(THINK_CLOSE);
  return close < 0 ? '' : text.slice(close + THINK_CLOSE.length);
}

/**
 * Attributes a streamed call's output tokens to its model and to the answer. An answer call is
 * all answer when its thinking was closed before it wrote (or it never wrote `</think>` and ended
 * by itself); otherwise only the text after `</think>` is, and the rest counts as thinking.
 */
function countTokens(
  state: TurnState,
  call: CallRef,
  result: GenerateResult,
  answer: string,
  stream: StreamProgress,
): void {
  const { tokens, estimated } = outputTokens(result.usage, result.text);
  if (estimated) state.usage.estimated = true;
  const isAllAnswer =
    call.kind === 'answer' &&
    answer !== '' &&
    (!stream.closed || stream.raw.trimStart().startsWith(THINK_CLOSE));
  const answerTokens = Math.min(tokens, isAllAnswer ? tokens : estimateTokens(answer));
  state.usage.answerTokens += answerTokens;
  const promptTokens = result.usage.promptTokens ?? 0;
  if (state.config.mode === 'draft') {
    state.usage.draftTokens += tokens - answerTokens;
    state.usage.draftPromptTokens += promptTokens;
  } else {
    state.usage.baseTokens += tokens - answerTokens;
    state.usage.basePromptTokens += promptTokens;
  }
}

function advance(
  next: Transition,
  call: CallRef,
  stream: StreamProgress,
  final: boolean,
  isThinkingCut = false,
): void {
  if (call.kind === 'free-run') {
    while (!stream.closed && next.state.phase === 'thinking') {
      if (!cutNextStep(next, stream, final)) break;
    }
    if (next.state.phase !== 'thinking' && !stream.closed) return;
  } else if (!stream.closed) {
    const close = stream.raw.indexOf(THINK_CLOSE);
    if (close >= 0) {
      stream.closed = true;
      stream.consumed = close + THINK_CLOSE.length;
    }
  }
  const answer = visibleAnswer(stream, final && call.kind === 'answer' && !isThinkingCut);
  if (answer.length > next.state.answer.length) {
    const delta = answer.slice(next.state.answer.length);
    next.state.answer = answer;
    emit(next, { type: 'answer-delta', text: delta });
  }
}

/**
 * The answer text so far: what follows `</think>`, without its leading whitespace (the driver
 * streams a `</think>` first when the adapter closed the thinking itself). An answer call that
 * never closed its thinking but ended by itself (a model that does not think) has its whole text
 * taken as the answer once it ends; one cut at its bound has none (onStreamDone).
 */
function visibleAnswer(stream: StreamProgress, final: boolean): string {
  if (stream.closed) return stream.raw.slice(stream.consumed).replace(/^\s+/, '');
  return final ? stream.raw.trim() : '';
}

/** Cuts one complete step off the free run's text; false when more text is needed. */
function cutNextStep(next: Transition, stream: StreamProgress, final: boolean): boolean {
  const rest = stream.raw.slice(stream.consumed);
  const separator = rest.indexOf(STEP_SEPARATOR);
  const close = rest.indexOf(THINK_CLOSE);
  if (separator >= 0 && (close < 0 || separator < close)) {
    stream.consumed += separator + STEP_SEPARATOR.length;
    keepFreeRunStep(next, rest.slice(0, separator));
    return true;
  }
  if (close >= 0) {
    stream.consumed += close + THINK_CLOSE.length;
    stream.closed = true;
    const step = rest.slice(0, close);
    if (step.trim() !== '') keepFreeRunStep(next, step, false);
    if (next.state.phase === 'thinking') {
      next.state.stopReason = 'answer';
      emit(next, {
        type: 'thinking-end',
        reason: 'answer',
        steps: next.state.steps.length,
        keptTokens: next.state.usage.keptTokens,
      });
      next.state.phase = 'answering';
    }
    return false;
  }
  if (final && rest.trim() !== '') {
    stream.consumed = stream.raw.length;
    keepFreeRunStep(next, rest);
  }
  return false;
}

/** Keeps a step of a single-model free run (its tokens estimated from its text). */
function keepFreeRunStep(next: Transition, text: string, checkStop = true): void {
  const { state } = next;
  const origin = state.config.mode === 'draft' ? 'draft' : 'base';
  const tokens = estimateTokens(text) + 1;
  const index = state.steps.length;
  if (origin === 'draft') state.usage.stepsDraftOnly += 1;
  else state.usage.stepsBase += 1;
  emit(next, {
    type: 'step-generated',
    index,
    text,
    tokens,
    origin,
    reason: 'single-model',
    elapsedMs: 0,
  });
  const step: KeptStep = {
    index,
    text,
    origin,
    decision: 'single-model',
    score: undefined,
    tokens,
    timings: {},
  };
  // The free run goes on by itself: nothing to start when thinking continues.
  keepStep(next, step, (current) => (checkStop ? freeRunStopReason(current) : undefined));
}

/**
 * A free run is vanilla generation: only the step bound stops it early. Its budget is the call's
 * `max_tokens`, counted by the server (a `length` finish is a budget stop), never the estimate
 * made from the text while it streams.
 */
function freeRunStopReason(state: TurnState): ThinkingStopReason | undefined {
  if (state.steps.length >= state.config.maxSteps) return 'max-steps';
  return undefined;
}
