import { describe, expect, it } from 'vitest';
import { JUDGE_INSTRUCTION, JUDGE_PREFIX } from '../../src/core/prompts.ts';
import { generated, judged } from '../fakes/fake-models.ts';
import { eventTypes, runMachine } from './machine-harness.ts';
import { scripted, turnState } from './script.ts';

const ANSWER = ['</think>\n\nThe answer is ', '\\boxed{5}.'];

describe('speculative mode', () => {
  it('keeps a draft step the judge scores at or above the threshold', () => {
    const run = runMachine(
      turnState({ threshold: 7 }),
      scripted({ draft: ['First, 2+3=5.', 'So \\boxed{5}.'], judge: [7, 9], streams: [ANSWER] }),
    );
    expect(run.state.steps.map((step) => [step.text, step.origin, step.decision])).toEqual([
      ['First, 2+3=5.', 'draft', 'accepted'],
      ['So \\boxed{5}.', 'draft', 'accepted'],
    ]);
    expect(run.state.status).toBe('completed');
    expect(run.state.answer).toBe('The answer is \\boxed{5}.');
    expect(eventTypes(run.events)).toEqual([
      'turn-start',
      'step-proposed',
      'step-scored',
      'step-accepted',
      'step-proposed',
      'step-scored',
      'step-accepted',
      'thinking-end',
      'answer-delta',
      'answer-delta',
      'turn-end',
    ]);
  });

  it('rejects a draft scored below the threshold and keeps the base model rewrite', () => {
    const run = runMachine(
      turnState({ threshold: 7 }),
      scripted({
        draft: ['2+3=6.', 'So \\boxed{5}.'],
        judge: [6, 8],
        base: ['2+3=5.'],
        streams: [ANSWER],
      }),
    );
    const [first] = run.state.steps;
    expect(first).toMatchObject({
      text: '2+3=5.',
      origin: 'base',
      decision: 'regenerated',
      score: 6,
      draftText: '2+3=6.',
    });
    expect(run.events.find((event) => event.type === 'step-regenerated')).toMatchObject({
      draftText: '2+3=6.',
      text: '2+3=5.',
    });
    expect(run.state.usage).toMatchObject({
      stepsProposed: 2,
      stepsAccepted: 1,
      stepsRegenerated: 1,
    });
  });

  it('regenerates with the base model the same step the draft was proposed for', () => {
    const run = runMachine(
      turnState(),
      scripted({ draft: ['bad step'], judge: [0], base: ['\\boxed{5}'], streams: [ANSWER] }),
    );
    const base = run.started.find((started) => started.call.kind === 'base-step');
    const draft = run.started.find((started) => started.call.kind === 'draft-step');
    const withoutSeed = (request: typeof base) =>
      request?.request.type === 'generate'
        ? { ...request.request, sampling: { ...request.request.sampling, seed: 0 } }
        : undefined;
    expect(withoutSeed(base)).toEqual({ ...withoutSeed(draft), model: 'base' });
  });

  it('sends the judge the reference conversation ending in the score prefix', () => {
    const run = runMachine(
      turnState(),
      scripted({ draft: ['Step one.', '\\boxed{5}'], judge: [9, 9], streams: [ANSWER] }),
    );
    const judge = run.started.filter((started) => started.call.kind === 'judge')[1]?.request;
    expect(judge?.type).toBe('judge');
    if (judge?.type !== 'judge') return;
    expect(judge.topLogprobs).toBe(10);
    expect(judge.messages.slice(-3)).toEqual([
      { role: 'assistant', content: '<think>Step one.\n\n\\boxed{5}\n\n' },
      { role: 'user', content: JUDGE_INSTRUCTION },
      { role: 'assistant', content: JUDGE_PREFIX },
    ]);
  });

  it('drafts each step with the reference sampling parameters and step bound', () => {
    const run = runMachine(
      turnState({ maxStepTokens: 300 }),
      scripted({ draft: ['One.', '\\boxed{5}'], judge: [9, 9], streams: [ANSWER] }),
    );
    const drafts = run.started.filter((started) => started.call.kind === 'draft-step');
    expect(drafts.map((started) => started.request)).toMatchObject([
      {
        type: 'generate',
        model: 'draft',
        sampling: { temperature: 0.6, topP: 0.95, maxTokens: 300, stop: ['\n\n'] },
      },
      { messages: [{ role: 'user' }, { role: 'assistant', content: '<think>One.\n\n' }] },
    ]);
    expect(drafts[0]?.request.messages).toHaveLength(1);
  });

  it('sends the first n steps straight to the base model', () => {
    const run = runMachine(
      turnState({ firstNBaseSteps: 2 }),
      scripted({ base: ['One.', 'Two.'], draft: ['\\boxed{5}'], judge: [9], streams: [ANSWER] }),
    );
    expect(run.state.steps.map((step) => step.decision)).toEqual([
      'first-n-base',
      'first-n-base',
      'accepted',
    ]);
    expect(run.started.filter((started) => started.call.kind === 'judge')).toHaveLength(1);
    expect(run.state.usage.stepsBase).toBe(2);
  });

  it('stops thinking once the kept steps spend the token budget', () => {
    const long = 'x'.repeat(400);
    const run = runMachine(
      turnState({ tokenBudget: 250 }),
      scripted({ draft: [long, long, long], judge: [9, 9, 9], streams: [ANSWER] }),
    );
    expect(run.state.steps).toHaveLength(3);
    expect(run.state.stopReason).toBe('budget');
    expect(run.state.usage.keptTokens).toBe(300);
  });

  it('stops thinking on a step that repeats the previous one', () => {
    const run = runMachine(
      turnState(),
      scripted({ draft: ['Hmm.', 'Again.', 'Again.'], judge: [9, 9, 9], streams: [ANSWER] }),
    );
    expect(run.state.stopReason).toBe('repeated-step');
    expect(run.state.steps).toHaveLength(3);
  });

  it('removes a stray </think> from a kept step', () => {
    const run = runMachine(
      turnState(),
      scripted({ draft: ['So x=5.</think> \\boxed{5}'], judge: [9], streams: [ANSWER] }),
    );
    expect(run.state.steps[0]?.text).toBe('So x=5. \\boxed{5}');
  });

  it('streams only the text after </think> as the answer', () => {
    const run = runMachine(
      turnState(),
      scripted({
        draft: ['\\boxed{5}'],
        judge: [9],
        streams: [['Let me check.', '</th', 'ink>', '\n\nFinal: ', '5']],
      }),
    );
    const deltas = run.events.flatMap((event) =>
      event.type === 'answer-delta' ? [event.text] : [],
    );
    expect(deltas).toEqual(['Final: ', '5']);
    expect(run.state.answer).toBe('Final: 5');
  });

  it('takes an answer that never closes the thinking but ends by itself whole, once it ends', () => {
    const run = runMachine(
      turnState(),
      scripted({ draft: ['\\boxed{5}'], judge: [9], streams: [['The answer', ' is 5.']] }),
    );
    expect(run.state.answer).toBe('The answer is 5.');
    expect(run.state.usage.answerTokens).toBeGreaterThan(0);
  });

  it('returns no reasoning as the answer when the answer call runs out still thinking', () => {
    const run = runMachine(turnState({ tokenBudget: 5 }), (started) => {
      if (started.request.type === 'judge') {
        return { type: 'judge-done', callId: started.call.id, result: judged(9), elapsedMs: 1 };
      }
      const text =
        started.call.kind === 'answer' ? 'Still working: 7 × 8 = 56, then' : 'A long step.';
      const finish = started.call.kind === 'answer' ? 'length' : 'stop';
      return [
        { type: 'call-text', callId: started.call.id, text },
        {
          type: 'call-done',
          callId: started.call.id,
          result: generated(text, { tokens: 12, finish }),
          elapsedMs: 1,
        },
      ];
    });
    expect(run.state.stopReason).toBe('budget');
    expect(run.state.answer).toBe('');
    expect(run.state.answerFinish).toBe('length');
    expect(run.state.usage.answerTokens).toBe(0);
    expect(run.events.some((event) => event.type === 'answer-delta')).toBe(false);
  });

  it('keeps draft steps and answer text out of the reasoning of later prompts exactly once', () => {
    const run = runMachine(
      turnState(),
      scripted({
        draft: ['A.', 'B.', '\\boxed{5}'],
        judge: [9, 2, 9],
        base: ['B!'],
        streams: [ANSWER],
      }),
    );
    const answerCall = run.started.find((started) => started.call.kind === 'answer');
    expect(answerCall?.request.messages.at(-1)?.content).toBe('<think>A.\n\nB!\n\n\\boxed{5}\n\n');
  });
});
