/**
 * Builds the request of each kind of call from the turn state: which model, which messages,
 * which sampling parameters. Consecutive calls share the longest possible prefix (history,
 * question, then the kept steps in order), so prefix caches hit.
 */
import { callSeed } from './call-seed.ts';
import type { Semantics } from './config.ts';
import {
  answerMessages,
  judgeMessages,
  STEP_SEPARATOR,
  stepMessages,
  THINK_CLOSE,
} from './prompts.ts';
import type { CallKind, CallRequest, DraftCandidate, TurnState } from './state.ts';

/** The kept step texts, plus the pending draft when the call is for the step after it. */
function stepTextsBefore(state: TurnState, index: number): string[] {
  const kept = state.steps.map((step) => step.text);
  if (index <= kept.length) return kept.slice(0, index);
  const draft = state.pending?.draft;
  if (index === kept.length + 1 && draft !== undefined) return [...kept, draft.text];
  throw new RangeError(`No prefix for step ${index}: ${kept.length} steps are kept`);
}

/** The model that writes text in the single-model modes and the answer. */
function writerModel(state: TurnState): 'draft' | 'base' {
  return state.config.mode === 'draft' ? 'draft' : 'base';
}

/**
 * The draft as the judge reads it. We judge the step as it will be kept: a raw `</think>` in the
 * judge's thinking message makes Qwen-family templates keep only the text after it, so the judge
 * would score the step without the steps before it. The reference judges the raw step.
 */
function judgedText(draft: DraftCandidate, semantics: Semantics): string {
  return semantics === 'reference' ? (draft.rawText ?? draft.text) : draft.text;
}

export function buildCallRequest(state: TurnState, kind: CallKind, index: number): CallRequest {
  const { config } = state;
  // The reference sends no seed; ours differs per call (call-seed.ts says why).
  const seed = config.semantics === 'reference' ? undefined : callSeed(config.seed, kind, index);
  const stepSampling = {
    temperature: config.temperature,
    topP: config.topP,
    maxTokens: config.maxStepTokens,
    stop: [STEP_SEPARATOR],
    seed,
  };
  switch (kind) {
    case 'draft-step':
    case 'base-step':
      return {
        type: 'generate',
        model: kind === 'draft-step' ? 'draft' : 'base',
        messages: stepMessages(state.messages, stepTextsBefore(state, index)),
        sampling: stepSampling,
        streamText: false,
      };
    case 'judge': {
      const draft = state.pending?.draft;
      if (draft === undefined) throw new RangeError(`No draft to judge for step ${index}`);
      return {
        type: 'judge',
        model: 'base',
        messages: judgeMessages(state.messages, [
          ...stepTextsBefore(state, index),
          judgedText(draft, config.semantics),
        ]),
        topLogprobs: config.judgeTopLogprobs,
        seed,
      };
    }
    case 'free-run':
      // The single-model modes think under the same budget as speculative mode, counted by the
      // server: the call may write only the tokens left and ends at the model's own `</think>`;
      // the answer is a separate call with its own bound, as in speculative mode (issue 13).
      return {
        type: 'generate',
        model: writerModel(state),
        messages: stepMessages(state.messages, stepTextsBefore(state, index)),
        sampling: {
          ...stepSampling,
          maxTokens: Math.max(1, config.tokenBudget - state.usage.keptTokens),
          stop: [THINK_CLOSE],
        },
        streamText: true,
      };
    case 'answer':
      // Thinking is closed for the model whatever stopped it (budget, step bound, an answer in
      // a step, or the model's own `</think>`, put back): the answer call writes only the answer.
      return {
        type: 'generate',
        model: writerModel(state),
        messages: answerMessages(state.messages, stepTextsBefore(state, index)),
        sampling: { ...stepSampling, maxTokens: config.answerMaxTokens, stop: [] },
        streamText: true,
        closeThinking: true,
      };
    default:
      return kind satisfies never;
  }
}

/** Deterministic call ids: the same call after a restart gets the same id. */
export function callId(kind: CallKind, index: number): string {
  return `${kind}-${index}`;
}
