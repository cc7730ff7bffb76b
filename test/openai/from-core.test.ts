import { describe, expect, it } from 'vitest';
import type { TurnEvent } from '../../src/core/events.ts';
import { emptyTurnUsage } from '../../src/core/usage.ts';
import { CompletionAssembler } from '../../src/openai/from-core.ts';
import type { StoredEvent } from '../../src/turn-log.ts';

const meta = {
  id: 'chatcmpl-c-1',
  created: 1,
  model: 'specreason',
  conversationId: 'c',
  turnId: 1,
};
const prices = { draft: { input: 0, output: 0 }, base: { input: 0, output: 0 } };
let seq = 0;
const stored = (event: TurnEvent): StoredEvent => ({ seq: ++seq, turn: 1, at: 0, event });
const turnEnd = (end: Omit<Extract<TurnEvent, { type: 'turn-end' }>, 'type' | 'usage'>) =>
  stored({ type: 'turn-end', usage: emptyTurnUsage(), ...end });

describe('turn events as OpenAI output', () => {
  it('joins kept steps with blank lines, streams the answer and ends with one finish chunk', () => {
    const assembler = new CompletionAssembler(meta, prices);
    const steps = [
      assembler.push(
        stored({ type: 'step-proposed', index: 0, text: 'draft', tokens: 1, elapsedMs: 1 }),
      ),
      assembler.push(stored({ type: 'step-accepted', index: 0, text: 'A.', tokens: 1, score: 9 })),
      assembler.push(
        stored({
          type: 'step-regenerated',
          index: 1,
          text: 'B.',
          tokens: 1,
          elapsedMs: 1,
          draftText: 'b',
        }),
      ),
      assembler.push(stored({ type: 'answer-delta', text: 'Five' })),
      assembler.push(turnEnd({ status: 'completed', finishReason: 'stop' })),
    ];
    const deltas = steps.flatMap((step) => step.chunks.map((chunk: any) => chunk.choices[0]));
    expect(deltas.map((choice) => choice.delta)).toEqual([
      { reasoning_content: 'A.', reasoning: 'A.' },
      { reasoning_content: '\n\nB.', reasoning: '\n\nB.' },
      { content: 'Five' },
      {},
    ]);
    expect(deltas.filter((choice) => choice.finish_reason !== null)).toHaveLength(1);
    expect(steps.at(-1)?.end).toBe(true);
    expect((assembler.completion(10) as any).choices[0].message).toMatchObject({
      content: 'Five',
      reasoning_content: 'A.\n\nB.',
    });
  });

  it('tells a client a failed turn can be resumed only when retrying can help', () => {
    const retryable = new CompletionAssembler(meta, prices).push(
      turnEnd({
        status: 'failed',
        finishReason: 'error',
        failure: { code: 'http', message: 'base down', isRetryable: true },
      }),
    );
    expect(retryable.error?.message).toMatch(/base down.*Resume it/);
    const fatal = new CompletionAssembler(meta, prices).push(
      turnEnd({
        status: 'failed',
        finishReason: 'error',
        failure: { code: 'http', message: 'context too long', isRetryable: false },
      }),
    );
    expect(fatal.error?.message).toMatch(/context too long.*will not help/);
    expect(fatal.error?.status).toBe(502);
  });

  it('reports a cancelled turn as a conflict, not a server error', () => {
    const step = new CompletionAssembler(meta, prices).push(
      turnEnd({ status: 'cancelled', finishReason: 'cancelled' }),
    );
    expect(step.error).toMatchObject({ status: 409, code: 'turn_cancelled' });
  });

  it('relays a pause as an SSE comment, not as content', () => {
    const step = new CompletionAssembler(meta, prices).push(
      stored({
        type: 'turn-paused',
        call: 'base-step-3',
        attempt: 2,
        failure: { code: 'http', message: 'overloaded', isRetryable: true, status: 503 },
      }),
    );
    expect(step.chunks).toEqual([]);
    expect(step.comment).toContain('overloaded');
  });
});
