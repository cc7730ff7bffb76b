/**
 * What the logs may hold: ids, origins, scores, tokens, timings and failures, never a prompt,
 * a step's or the answer's text, an API key or the backend's key, unless LOG_PROMPTS is "true"
 * (then step and answer text, still never a key).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readAppConfig } from '../../../src/app-config.ts';
import { resolveTurnConfig } from '../../../src/core/config.ts';
import { createTurnState } from '../../../src/core/state.ts';
import { logTurnEvents } from '../../../src/observability.ts';
import type { StoredEvent } from '../../../src/turn-log.ts';
import { FakeVllm } from '../../fakes/fake-vllm.ts';
import { ask, BACKEND_ORIGIN, call, DEV_KEY } from '../../worker/helpers.ts';

const QUESTION = 'What is 2+3? zebra-canary-question';
const SYSTEM = 'Answer briefly. zebra-canary-system';
const BACKEND_KEY = 'sk-backend-secret-canary';
const WRONG_KEY = 'sk-wrong-canary';

let lines: string[];
let authorizations: string[];
let restore: () => void;

beforeEach(() => {
  lines = [];
  authorizations = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...parts: unknown[]) => {
      lines.push(
        parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' '),
      );
    });
  }
  const backend = new FakeVllm({ bad: [1], answerAt: 3 });
  let refused = 0;
  const original = globalThis.fetch;
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    if (!request.url.startsWith(BACKEND_ORIGIN)) return original(input, init);
    const body = (await request.clone().json()) as { model: string; max_tokens: number };
    if (body.model === 'base') authorizations.push(request.headers.get('authorization') ?? '');
    // The first base step is refused through all its retries, so a pause gets logged too.
    if (refused < 3 && body.model === 'base' && body.max_tokens !== 1) {
      refused += 1;
      return Response.json({ error: { message: 'overloaded', code: 503 } }, { status: 503 });
    }
    return backend.handle(request);
  }) as typeof fetch;
  restore = () => {
    globalThis.fetch = original;
  };
});

afterEach(() => {
  restore();
  vi.restoreAllMocks();
});

describe('the logs', () => {
  it('keep prompts, steps, answers and keys out by default', { timeout: 30_000 }, async () => {
    const response = await ask({
      messages: [
        { role: 'system', content: SYSTEM },
        { role: 'user', content: QUESTION },
      ],
    });
    const body = (await response.json()) as { choices: Array<{ message: { content: string } }> };
    expect(body.choices[0]?.message.content).toBe('The answer is 5.');
    await call('/v1/models', { key: WRONG_KEY });

    // The logs were written, the base model was called with its key, and a pause was logged.
    expect(lines.some((line) => line.includes('"log":"step"'))).toBe(true);
    expect(lines.some((line) => line.includes('"log":"turn-paused"'))).toBe(true);
    expect(lines.some((line) => line.includes('"log":"turn"'))).toBe(true);
    expect(authorizations.length).toBeGreaterThan(0);
    expect(authorizations.every((value) => value === `Bearer ${BACKEND_KEY}`)).toBe(true);
    for (const secret of [
      'zebra-canary',
      'by draft',
      'by base',
      'boxed',
      'The answer is 5',
      DEV_KEY,
      WRONG_KEY,
      BACKEND_KEY,
    ]) {
      expect(
        lines.filter((line) => line.includes(secret)),
        secret,
      ).toEqual([]);
    }
  });

  it('carry step and answer text only when LOG_PROMPTS is exactly "true"', () => {
    const state = {
      ...createTurnState(resolveTurnConfig({ seed: 1 }), []),
      answer: 'The answer is 5.',
      steps: [
        {
          index: 0,
          text: 'Step 0 by draft.',
          origin: 'draft' as const,
          decision: 'accepted' as const,
          score: 9,
          tokens: 5,
          timings: {},
        },
      ],
    };
    const stored: StoredEvent[] = [
      {
        seq: 1,
        turn: 1,
        at: 0,
        event: { type: 'step-accepted', index: 0, text: 'Step 0 by draft.', tokens: 5, score: 9 },
      },
      {
        seq: 2,
        turn: 1,
        at: 0,
        event: { type: 'turn-end', status: 'completed', finishReason: 'stop', usage: state.usage },
      },
    ];
    for (const setting of [undefined, 'false', 'TRUE', '1', 'true']) {
      lines.length = 0;
      logTurnEvents(readAppConfig({ LOG_PROMPTS: setting }), 'conv_x', stored, state);
      const written = lines.join('\n');
      expect(lines).toHaveLength(2);
      expect(written.includes('Step 0 by draft.'), String(setting)).toBe(setting === 'true');
      expect(written.includes('The answer is 5.'), String(setting)).toBe(setting === 'true');
    }
  });
});
