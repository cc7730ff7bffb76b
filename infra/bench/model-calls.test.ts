import { describe, expect, it } from 'vitest';
import { type SimulatorRequest, toCallRecord, toTimedCall } from './model-calls.ts';
import type { TapRecord } from './timing-tap.ts';

const record = (fields: Partial<TapRecord>): TapRecord => ({
  seq: 1,
  label: 'models',
  method: 'POST',
  path: '/v1/chat/completions',
  simRequestId: 'chatcmpl-1',
  status: 200,
  requestAt: 1000,
  endAt: 1004,
  abortedAt: undefined,
  chunks: 20,
  ...fields,
});

const simulated = (fields: Partial<SimulatorRequest>): SimulatorRequest => ({
  id: 'chatcmpl-1',
  model: 'draft',
  kind: 'reasoning',
  promptTokens: 300,
  cachedTokens: 288,
  decodeTokens: 25,
  overheadMs: 4,
  networkMs: 0.2,
  busyMs: 190,
  sampling: { max_tokens: 512 },
  ...fields,
});

describe('joining tap records with the simulator', () => {
  it("takes a call's model time, tokens and kind from the simulator's record of it", () => {
    const requests = new Map([['chatcmpl-1', simulated({})]]);
    const call = toCallRecord(record({}), requests, 512);
    expect(call).toEqual({
      model: 'draft',
      kind: 'step',
      aborted: false,
      promptTokens: 300,
      cachedTokens: 288,
      outputTokens: 25,
      modelMs: 194.2,
      busyMs: 190,
    });
    expect(toTimedCall(record({}), call)).toEqual({
      requestAt: 1000,
      endAt: 1004,
      aborted: false,
      modelMs: 194.2,
    });
  });

  it('tells judges, step calls and streamed answers apart', () => {
    const kindOf = (fields: Partial<SimulatorRequest>) =>
      toCallRecord(record({}), new Map([['chatcmpl-1', simulated(fields)]]), 512).kind;
    expect(kindOf({ kind: 'judge', sampling: { max_tokens: 1 } })).toBe('judge');
    expect(kindOf({ sampling: { max_tokens: 1024 } })).toBe('stream');
  });

  it('times a call the simulator never saw (a real endpoint) by the tap, and marks one the Worker hung up on', () => {
    const call = toCallRecord(
      record({ label: 'base', simRequestId: undefined, endAt: undefined, abortedAt: 1250 }),
      new Map(),
      512,
    );
    expect(call).toMatchObject({ model: 'base', aborted: true, modelMs: 250 });
  });
});
