/**
 * Structured logs: one JSON line per kept step and one per finished turn, with ids, origin,
 * score, tokens and latencies, and none of the user's text, the steps or the answer unless
 * LOG_PROMPTS is "true".
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readAppConfig } from '../../src/app-config.ts';
import { logTurnEvents } from '../../src/observability.ts';
import { call, useFakeBackend } from './helpers.ts';

const SECRET_QUESTION = 'Quartz-7741 asks: what is 2+3?';
const SECRET_SYSTEM = 'You are assistant Heliotrope-55.';
let lines: string[];
let spies: Array<{ mock: { calls: unknown[][] } }>;

useFakeBackend({ bad: [1], answerAt: 3 });

beforeEach(() => {
  lines = [];
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    lines.push(parts.map(String).join(' '));
  });
  // Warnings and errors still reach the output; they are read back from the spies' records.
  spies = [vi.spyOn(console, 'warn'), vi.spyOn(console, 'error'), vi.spyOn(console, 'info')];
});

afterEach(() => {
  vi.restoreAllMocks();
});

const records = () =>
  lines.flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, any>];
    } catch {
      return [];
    }
  });

describe('the Worker logs', () => {
  it('write one line per kept step and one per turn, without any prompt text by default', async () => {
    const response = await call('/v1/chat/completions', {
      method: 'POST',
      json: {
        model: 'specreason',
        messages: [
          { role: 'system', content: SECRET_SYSTEM },
          { role: 'user', content: SECRET_QUESTION },
        ],
        specreason: { threshold: 7 },
      },
    });
    const body = (await response.json()) as Record<string, any>;
    const conversation = response.headers.get('x-conversation-id');
    expect(body.choices[0].message.content).toBe('The answer is 5.');

    const steps = records().filter((record) => record.log === 'step');
    expect(steps.map((step) => [step.index, step.origin, step.decision])).toEqual([
      [0, 'draft', 'accepted'],
      [1, 'base', 'regenerated'],
      [2, 'draft', 'accepted'],
      [3, 'draft', 'accepted'],
    ]);
    for (const step of steps) {
      expect(step).toMatchObject({
        conversation,
        turn: 1,
        seq: expect.any(Number),
        score: expect.any(Number),
        tokens: expect.any(Number),
        draft_ms: expect.any(Number),
        judge_ms: expect.any(Number),
      });
      expect(step).not.toHaveProperty('text');
    }
    expect(steps[1]?.base_ms).toEqual(expect.any(Number));
    expect(steps[1]?.score).toBe(2);

    const turns = records().filter((record) => record.log === 'turn');
    expect(turns).toHaveLength(1);
    expect(turns[0]).toMatchObject({
      conversation,
      turn: 1,
      status: 'completed',
      steps: 4,
      stop_reason: 'answer',
      elapsed_ms: expect.any(Number),
      usage: { stepsAccepted: 3, stepsRegenerated: 1 },
    });
    expect(turns[0]?.elapsed_ms).toBeGreaterThanOrEqual(0);
    expect(turns[0]).not.toHaveProperty('answer');

    const everything = [
      ...lines,
      ...spies.flatMap((spy) => spy.mock.calls.map((parts) => parts.map(String).join(' '))),
    ].join('\n');
    for (const secret of [
      'Quartz-7741',
      'Heliotrope-55',
      'by draft',
      'by base',
      'The answer is 5',
      'boxed',
    ]) {
      expect(everything).not.toContain(secret);
    }
  });

  it('include the step and answer text only when LOG_PROMPTS is "true"', () => {
    const stored = [
      {
        seq: 7,
        turn: 2,
        at: 0,
        event: { type: 'step-accepted', index: 0, text: 'Step text.', tokens: 3, score: 9 },
      },
    ];
    const state = {
      status: 'running',
      steps: [
        {
          index: 0,
          origin: 'draft',
          decision: 'accepted',
          score: 9,
          tokens: 3,
          timings: { draftMs: 5, judgeMs: 4 },
        },
      ],
    };
    logTurnEvents(
      readAppConfig({ LOG_PROMPTS: 'true' }),
      'conv_a',
      stored as never,
      state as never,
    );
    logTurnEvents(readAppConfig({}), 'conv_a', stored as never, state as never);
    const [withText, withoutText] = records();
    expect(withText).toMatchObject({
      log: 'step',
      conversation: 'conv_a',
      turn: 2,
      seq: 7,
      text: 'Step text.',
    });
    expect(withoutText).not.toHaveProperty('text');
    expect(withoutText).toMatchObject({ log: 'step', draft_ms: 5, judge_ms: 4, score: 9 });
  });
});
