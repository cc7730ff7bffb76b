import { describe, expect, it } from 'vitest';
import { generated } from '../fakes/fake-models.ts';
import { eventTypes, runMachine } from './machine-harness.ts';
import { scripted, turnState } from './script.ts';

/** A state the scripted responder ignores. */
const run0 = () => turnState();

describe('single-model modes', () => {
  it('runs base mode as one continuous generation cut into steps at blank lines', () => {
    const run = runMachine(
      turnState({ mode: 'base' }),
      scripted({
        streams: [
          ['First, 2+3', '=5.\n', '\nCheck: 5.\n\nSo \\boxed{5}.\n'],
          ['</think>\n\nThe answer is 5.'],
        ],
      }),
    );
    expect(run.started.map((started) => started.call.kind)).toEqual(['free-run', 'answer']);
    expect(run.started[0]?.request).toMatchObject({
      type: 'generate',
      model: 'base',
      streamText: true,
      sampling: { stop: ['</think>'], maxTokens: 8192 },
    });
    expect(run.started[1]?.request).toMatchObject({ closeThinking: true });
    expect(run.state.steps.map((step) => [step.text, step.origin, step.decision])).toEqual([
      ['First, 2+3=5.', 'base', 'single-model'],
      ['Check: 5.', 'base', 'single-model'],
      ['So \\boxed{5}.\n', 'base', 'single-model'],
    ]);
    expect(run.state.answer).toBe('The answer is 5.');
    expect(run.state.usage.judgeCalls).toBe(0);
    expect(eventTypes(run.events)).toEqual([
      'turn-start',
      'step-generated',
      'step-generated',
      'step-generated',
      'thinking-end',
      'answer-delta',
      'turn-end',
    ]);
  });

  it('runs draft mode on the draft model alone, for steps and answer', () => {
    const run = runMachine(
      turnState({ mode: 'draft' }),
      scripted({ streams: [['A.\n\nB.\n\n</think>\n\n5']] }),
    );
    expect(
      run.started.map((started) => started.request.type === 'generate' && started.request.model),
    ).toEqual(['draft']);
    expect(run.state.steps.map((step) => step.origin)).toEqual(['draft', 'draft']);
    expect(run.state.usage).toMatchObject({ stepsDraftOnly: 2, stepsBase: 0 });
  });

  it('asks a free run for the thinking budget alone and stops at the server-counted budget', () => {
    const run = runMachine(turnState({ mode: 'base', tokenBudget: 20 }), (started) =>
      started.call.kind === 'free-run'
        ? [
            { type: 'call-text', callId: started.call.id, text: 'A long first step.\n\nAnd mo' },
            {
              type: 'call-done',
              callId: started.call.id,
              result: generated('A long first step.\n\nAnd mo', { tokens: 20, finish: 'length' }),
              elapsedMs: 5,
            },
          ]
        : scripted({ streams: [['</think>\n\nDone.']] })(started, run0()),
    );
    expect(run.started[0]?.request).toMatchObject({ sampling: { maxTokens: 20 } });
    expect(run.started.map((started) => started.call.kind)).toEqual(['free-run', 'answer']);
    expect(run.state.stopReason).toBe('budget');
    expect(run.state.usage.keptTokens).toBe(20);
    expect(run.state.steps.reduce((sum, step) => sum + step.tokens, 0)).toBe(20);
    expect(run.state.answer).toBe('Done.');
  });

  it('counts base thinking in the server tokens, not in characters / 4, like speculative steps', () => {
    const text = 'x'.repeat(400);
    const run = runMachine(turnState({ mode: 'base' }), (started) =>
      started.call.kind === 'free-run'
        ? [
            {
              type: 'call-done',
              callId: started.call.id,
              result: generated(`${text}\n\n${text}`, { tokens: 37 }),
              elapsedMs: 5,
            },
          ]
        : scripted({ streams: [['Done.']] })(started, run0()),
    );
    expect(run.state.usage.keptTokens).toBe(37);
    expect(run.state.usage.baseTokens).toBe(37);
  });

  it('asks for the answer when a free run ends without closing its thinking', () => {
    const run = runMachine(
      turnState({ mode: 'base' }),
      scripted({ streams: [['A.\n\nB, unfinished'], ['</think>\n\nDone.']] }),
    );
    expect(run.state.steps.map((step) => step.text)).toEqual(['A.', 'B, unfinished']);
    expect(run.state.stopReason).toBe('answer');
    expect(run.state.answer).toBe('Done.');
  });

  it('picks a free run up after the last kept step when it restarts', () => {
    const first = runMachine(turnState({ mode: 'base' }), (started) => [
      { type: 'call-text', callId: started.call.id, text: 'A.\n\nB.\n\nC partial' },
      {
        type: 'call-failed',
        callId: started.call.id,
        failure: { code: 'network', message: 'connection reset', isRetryable: true },
        elapsedMs: 1,
      },
    ]);
    expect(first.state.status).toBe('paused');
    expect(first.state.steps.map((step) => step.text)).toEqual(['A.', 'B.']);
    const second = runMachine(first.state, scripted({ streams: [['C.\n\n</think>\n\nZ']] }));
    expect(second.started[0]?.call.id).toBe('free-run-2');
    expect(second.started[0]?.request.messages.at(-1)?.content).toBe('<think>A.\n\nB.\n\n');
    expect(second.state.steps.map((step) => step.text)).toEqual(['A.', 'B.', 'C.']);
  });
});
