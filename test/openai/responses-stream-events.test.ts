/**
 * The translation of a turn's log into response events, for the endings the Worker tests do not
 * reach: a failed turn, an answer cut at its bound, a turn that never started thinking. Every
 * event validates against the schema, numbers run from 0, and the last event's snapshot is the
 * response a retrieve gives.
 */
import { describe, expect, it } from 'vitest';
import type { TurnEvent } from '../../src/core/events.ts';
import { emptyTurnUsage } from '../../src/core/usage.ts';
import { ResponseStreamEventSchema } from '../../src/responses/event-schemas.ts';
import type { ResponseRecord } from '../../src/responses/record.ts';
import { ResponseEventStream } from '../../src/responses/stream-events.ts';

const prices = { draft: { input: 0, output: 0 }, base: { input: 0, output: 0 } };
const record: ResponseRecord = {
  kind: 'response',
  createdAt: 1_700_000_000_000,
  model: 'specreason',
  background: true,
  store: true,
  instructions: null,
  previousResponseId: null,
  maxOutputTokens: 64,
  reasoningEffort: null,
  reasoningSummary: null,
  metadata: {},
  user: null,
  safetyIdentifier: null,
  promptCacheKey: null,
  serviceTier: 'default',
  parallelToolCalls: true,
  maxToolCalls: null,
  input: [],
};

function translate(events: TurnEvent[]) {
  const stream = new ResponseEventStream(
    { id: 'resp_eC4x', conversationId: 'x', turnId: 1, record, temperature: 0.6, topP: 0.95 },
    prices,
  );
  const out = [...stream.opening()];
  events.forEach((event, index) => {
    out.push(...stream.push({ seq: index + 1, turn: 1, at: 1_700_000_005_000, event }));
  });
  for (const event of out) expect(ResponseStreamEventSchema.safeParse(event).success).toBe(true);
  expect(out.map((event) => event.sequence_number)).toEqual(out.map((_, index) => index));
  return { out, types: out.map((event) => event.type), snapshot: stream.snapshot() };
}

const step = (index: number): TurnEvent => ({
  type: 'step-generated',
  index,
  text: `Step ${index}.`,
  tokens: 3,
  origin: 'base',
  reason: 'single-model',
  elapsedMs: 1,
});
const end = (
  status: 'completed' | 'failed',
  finishReason: 'stop' | 'length' | 'error',
): TurnEvent => ({
  type: 'turn-end',
  status,
  finishReason,
  usage: emptyTurnUsage(),
  failure:
    status === 'failed'
      ? { code: 'http', message: 'base said 500', isRetryable: false }
      : undefined,
});

describe('response events from a turn log', () => {
  it('a failed turn closes its reasoning item as incomplete and ends with response.failed', () => {
    const { types, snapshot } = translate([
      { type: 'turn-start', mode: 'base', pipeline: 'off' },
      step(0),
      end('failed', 'error'),
    ]);
    expect(types.slice(-2)).toEqual(['response.output_item.done', 'response.failed']);
    expect(snapshot).toMatchObject({
      status: 'failed',
      error: { code: 'http', message: 'base said 500' },
      output: [{ type: 'reasoning', status: 'incomplete', summary: [{ text: 'Step 0.' }] }],
    });
  });

  it('an answer cut at max_output_tokens ends with response.incomplete', () => {
    const { types, snapshot } = translate([
      { type: 'turn-start', mode: 'base', pipeline: 'off' },
      step(0),
      { type: 'thinking-end', reason: 'answer', steps: 1, keptTokens: 3 },
      { type: 'answer-delta', text: 'The answer' },
      end('completed', 'length'),
    ]);
    expect(types.at(-1)).toBe('response.incomplete');
    expect(snapshot).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      output: [
        { status: 'completed' },
        { status: 'incomplete', content: [{ text: 'The answer' }] },
      ],
      usage: { output_tokens_details: { reasoning_tokens: 0 } },
    });
  });

  it('a turn that ended before it started still opens and closes its output in order', () => {
    const { types } = translate([end('failed', 'error')]);
    expect(types).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.reasoning.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.failed',
    ]);
  });

  it('the first snapshot of a background response is queued, with no output yet', () => {
    const { out } = translate([]);
    expect(out).toEqual([
      expect.objectContaining({
        type: 'response.created',
        response: expect.objectContaining({ status: 'queued', output: [] }),
      }),
    ]);
  });
});
