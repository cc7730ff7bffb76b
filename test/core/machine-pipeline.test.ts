import { describe, expect, it } from 'vitest';
import type { TurnEvent } from '../../src/core/events.ts';
import { contentWorld } from './content-world.ts';
import { type MachineRun, type Responder, runMachine } from './machine-harness.ts';
import { turnState } from './script.ts';

const world = contentWorld({ bad: [2, 3], answerAt: 5 });

function keptTexts(events: readonly TurnEvent[]): string[] {
  return events.flatMap((event) =>
    event.type === 'step-accepted' || event.type === 'step-regenerated' ? [event.text] : [],
  );
}

/**
 * Hedging changes which calls run, never what is kept: `world`'s steps 2 and 3 regenerated, the
 * rest accepted, with the texts of the sequential loop.
 */
function expectSequentialSteps(run: MachineRun): void {
  expect(run.state.steps.map((step) => step.decision)).toEqual([
    'accepted',
    'accepted',
    'regenerated',
    'regenerated',
    'accepted',
    'accepted',
  ]);
  expect(run.state.steps.map((step) => step.text)).toEqual(
    runMachine(turnState(), world).state.steps.map((step) => step.text),
  );
}

/** A pipelined turn over the shared world, its calls finishing in `order`. */
function runPipelined(
  pipeline: 'draft-ahead' | 'hedged',
  order: 'first-started' | 'last-started',
): MachineRun {
  return runMachine(turnState({ pipeline }), world, { type: 'resume' }, order);
}

describe('pipelined speculation', () => {
  it('starts drafting the next step in the same move that sends a draft to the judge', () => {
    const run = runMachine(turnState({ pipeline: 'draft-ahead' }), world);
    const firstJudge = run.started.findIndex((started) => started.call.id === 'judge-0');
    expect(run.started[firstJudge + 1]?.call).toMatchObject({
      id: 'draft-step-1',
      speculative: true,
    });
    expect(run.started[firstJudge + 1]?.request.messages.at(-1)?.content).toBe(
      '<think>Step 0 by draft\n\n',
    );
  });

  it.each(['first-started', 'last-started'] as const)(
    'keeps exactly the steps of the sequential loop when calls finish in %s order',
    (order) => {
      const sequential = runMachine(turnState(), world);
      const pipelined = runPipelined('draft-ahead', order);
      expect(pipelined.state.steps.map((step) => step.text)).toEqual(
        sequential.state.steps.map((step) => step.text),
      );
      expect(keptTexts(pipelined.events)).toEqual(keptTexts(sequential.events));
      expect(pipelined.state.answer).toBe('5');
    },
  );

  it('never makes a draft visible before the step before it is decided', () => {
    const run = runPipelined('draft-ahead', 'last-started');
    const decided = new Set<number>();
    for (const event of run.events) {
      if (event.type === 'step-proposed')
        expect(event.index === 0 || decided.has(event.index - 1)).toBe(true);
      if (event.type === 'step-accepted' || event.type === 'step-regenerated')
        decided.add(event.index);
    }
    const proposed = run.events.filter((event) => event.type === 'step-proposed');
    // Step 3 was drafted ahead on top of the rejected draft of step 2; only its redraft shows.
    expect(proposed.map((event) => event.type === 'step-proposed' && event.text)).toContain(
      'Step 3 by draft after base',
    );
    expect(proposed.map((event) => event.type === 'step-proposed' && event.text)).not.toContain(
      'Step 3 by draft after draft',
    );
  });

  it('throws away the draft made ahead when the step it assumed is rejected', () => {
    const run = runPipelined('draft-ahead', 'last-started');
    expect(run.state.usage.discardedTokens).toBeGreaterThan(0);
    const redrafted = run.started.filter((started) => started.call.id === 'draft-step-3');
    expect(redrafted.map((started) => started.request.messages.at(-1)?.content)).toEqual([
      '<think>Step 0 by draft\n\nStep 1 by draft after draft\n\nStep 2 by draft after draft\n\n',
      '<think>Step 0 by draft\n\nStep 1 by draft after draft\n\nStep 2 by base after draft\n\n',
    ]);
  });

  it('does not draft ahead past a step that would end the thinking', () => {
    const run = runMachine(
      turnState({ pipeline: 'draft-ahead' }),
      contentWorld({ bad: [], answerAt: 1 }),
    );
    expect(run.started.map((started) => started.call.id)).toEqual([
      'draft-step-0',
      'judge-0',
      'draft-step-1',
      'judge-1',
      'answer-2',
    ]);
  });

  it("hedges every step with the base model's own version, kept on rejection and thrown away on acceptance", () => {
    const run = runMachine(turnState({ pipeline: 'hedged' }), world);
    const baseCalls = run.started.filter((started) => started.call.kind === 'base-step');
    expect(baseCalls.every((started) => started.call.speculative)).toBe(true);
    expect(baseCalls.map((started) => started.call.id)).toEqual([
      'base-step-0',
      'base-step-1',
      'base-step-2',
      'base-step-3',
      'base-step-4',
      'base-step-5',
    ]);
    expect(run.state.usage.discardedTokens).toBeGreaterThan(0);
    expectSequentialSteps(run);
  });

  it('cancels a hedge still running when its draft is accepted', () => {
    const allAccepted = contentWorld({ bad: [], answerAt: 3 });
    const slowBase: Responder = (started, state) =>
      started.call.kind === 'base-step' && started.call.speculative
        ? []
        : allAccepted(started, state);
    const run = runMachine(turnState({ pipeline: 'hedged' }), slowBase);
    expect(run.aborted).toEqual(['base-step-0', 'base-step-1', 'base-step-2', 'base-step-3']);
    expect(run.state.status).toBe('completed');
  });

  it("starts the base model's version beside a fresh draft, and beside the judge of a draft made ahead", () => {
    const run = runMachine(turnState({ pipeline: 'hedged' }), world);
    const ids = run.started.map((started) => started.call.id);
    expect(ids.indexOf('base-step-0')).toBe(ids.indexOf('draft-step-0') + 1);
    // Step 2 was rejected, so step 3 is drafted afresh, its hedge in the same move.
    expect(ids.indexOf('base-step-3')).toBe(ids.lastIndexOf('draft-step-3') + 1);
    for (const index of [0, 1, 2, 3, 4, 5])
      expect(ids.indexOf(`base-step-${index}`)).toBeLessThan(ids.indexOf(`judge-${index}`));
  });

  it('keeps a hedge that finished before the judge rejected the draft, without asking the base model again', () => {
    const run = runPipelined('hedged', 'last-started');
    const baseCalls = run.started.filter((started) => started.call.kind === 'base-step');
    const ids = baseCalls.map((started) => started.call.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['base-step-2', 'base-step-3']));
    expectSequentialSteps(run);
  });
});
