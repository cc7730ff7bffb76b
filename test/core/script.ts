/**
 * A scripted backend for machine tests: per-kind queues of outcomes, answered in call order.
 * Draft and base steps take texts (or failures), the judge takes scores (or failures), and
 * streamed calls (answer, free run) are delivered in the given chunks.
 */
import { resolveTurnConfig, type TurnConfig } from '../../src/core/config.ts';
import type { CallFailure } from '../../src/core/events.ts';
import { problemMessages } from '../../src/core/prompts.ts';
import { createTurnState, type MachineInput, type TurnState } from '../../src/core/state.ts';
import { generated, judged } from '../fakes/fake-models.ts';
import { type MachineRun, type Responder, runMachine } from './machine-harness.ts';

export type Outcome<T> = T | { fail: CallFailure };

export interface Script {
  draft?: Outcome<string>[];
  judge?: Outcome<number | string>[];
  base?: Outcome<string>[];
  /** Chunks of each streamed call (answer or free run), in call order. */
  streams?: Outcome<string[]>[];
}

export const RETRYABLE: CallFailure = {
  code: 'http',
  message: 'Service unavailable',
  isRetryable: true,
  status: 503,
};
export const FATAL: CallFailure = {
  code: 'http',
  message: 'Bad request',
  isRetryable: false,
  status: 400,
};

export function turnState(config: Partial<TurnConfig> = {}, question = 'What is 2+3?'): TurnState {
  return createTurnState(
    resolveTurnConfig({ seed: 42, ...config }),
    problemMessages({ template: 'math', text: question }),
  );
}

function next<T>(queue: Outcome<T>[] | undefined, what: string): Outcome<T> {
  const item = queue?.shift();
  if (item === undefined) throw new Error(`The script has no more ${what} outcomes`);
  return item;
}

function isFailure<T>(outcome: Outcome<T>): outcome is { fail: CallFailure } {
  return typeof outcome === 'object' && outcome !== null && 'fail' in outcome;
}

/** A turn whose judge rejects the first draft and whose base model then fails with `failure`. */
export function baseFailedTurn(failure: CallFailure): MachineRun {
  return runMachine(turnState(), scripted({ draft: ['x'], judge: [1], base: [{ fail: failure }] }));
}

/** Answers each call from the script; counts are copied so a script can be reused. */
export function scripted(script: Script): Responder {
  const queues = {
    draft: [...(script.draft ?? [])],
    judge: [...(script.judge ?? [])],
    base: [...(script.base ?? [])],
    streams: [...(script.streams ?? [])],
  };
  return ({ call, request }): MachineInput[] => {
    const failed = (failure: CallFailure): MachineInput[] => [
      { type: 'call-failed', callId: call.id, failure, elapsedMs: 5 },
    ];
    if (request.type === 'judge') {
      const outcome = next(queues.judge, 'judge');
      if (isFailure(outcome)) return failed(outcome.fail);
      return [{ type: 'judge-done', callId: call.id, result: judged(outcome), elapsedMs: 3 }];
    }
    if (request.streamText) {
      const outcome = next(queues.streams, 'stream');
      if (isFailure(outcome)) return failed(outcome.fail);
      return [
        ...outcome.map((text): MachineInput => ({ type: 'call-text', callId: call.id, text })),
        { type: 'call-done', callId: call.id, result: generated(outcome.join('')), elapsedMs: 20 },
      ];
    }
    const outcome = next(request.model === 'draft' ? queues.draft : queues.base, request.model);
    if (isFailure(outcome)) return failed(outcome.fail);
    return [{ type: 'call-done', callId: call.id, result: generated(outcome), elapsedMs: 10 }];
  };
}
