/**
 * Finding 5 of issue 13: what the judge reads when a draft holds a stray `</think>`, and what is
 * kept of it, in product and in reference semantics.
 */
import { describe, expect, it } from 'vitest';
import type { Semantics } from '../../src/core/config.ts';
import { runMachine } from './machine-harness.ts';
import { scripted, turnState } from './script.ts';

const ANSWER = ['</think>\n\nThe answer is ', '\\boxed{5}.'];

function play(semantics: Semantics, drafts: string[]) {
  const run = runMachine(
    turnState({ semantics }),
    scripted({ draft: drafts, judge: drafts.map(() => 9), streams: [ANSWER] }),
  );
  const judged = run.started.flatMap((started) =>
    started.request.type === 'judge' ? [started.request.messages.at(-3)?.content] : [],
  );
  return { judged, kept: run.state.steps.map((step) => step.text) };
}

describe('the judged and kept text of a draft with a stray </think>', () => {
  it('judges the step as it will be kept in product semantics', () => {
    const { judged, kept } = play('product', ['2+3=5.</think>', 'So \\boxed{5}.</think>']);
    expect(judged).toEqual(['<think>2+3=5.\n\n', '<think>2+3=5.\n\nSo \\boxed{5}.\n\n']);
    expect(kept).toEqual(['2+3=5.', 'So \\boxed{5}.']);
  });

  it('judges the raw step, and keeps </think> in a step with an answer, in reference semantics', () => {
    const { judged, kept } = play('reference', ['2+3=5.</think>', 'So \\boxed{5}.</think>']);
    expect(judged).toEqual([
      '<think>2+3=5.</think>\n\n',
      '<think>2+3=5.\n\nSo \\boxed{5}.</think>\n\n',
    ]);
    expect(kept).toEqual(['2+3=5.', 'So \\boxed{5}.</think>']);
  });
});
