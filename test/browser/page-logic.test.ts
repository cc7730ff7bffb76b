/**
 * The page's own logic, run in Chromium as the page runs it (plain ES modules served by the
 * Worker): the base-only estimate, the timeline's bars, and replaying events twice.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../../infra/dev/stack.ts';
import { type Chromium, launchChromium } from './chromium.ts';

let stack: Stack;
let browser: Chromium;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium({ bypassCSP: true });
  stack = await startStack({
    profile: 'test',
    timeScale: 0,
    persistTo: mkdtempSync(join(tmpdir(), 'sr-page-logic-')),
  });
  page = await browser.context.newPage();
  await page.goto(`${stack.workerUrl}/`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/**
 * Runs `body` in the page with the module at `path` as `module` and `argument` as `value`. The
 * code goes as a string: a function would be rewritten by the test runner's module transform.
 */
function inPage<T>(path: string, body: string, argument: unknown): Promise<T> {
  return page.evaluate(
    `(async () => {
      const module = await import(${JSON.stringify(path)});
      const value = ${JSON.stringify(argument)};
      ${body}
    })()`,
  ) as Promise<T>;
}

const DETAIL = {
  status: 'completed',
  elapsed_ms: 2000,
  settings: { mode: 'speculative' },
  usage: { specreason: { answer_tokens: 10 } },
  steps: [
    { origin: 'draft', tokens: 100, timings: { draft_ms: 200, judge_ms: 50, base_ms: null } },
    { origin: 'base', tokens: 50, timings: { draft_ms: 100, judge_ms: 50, base_ms: 500 } },
    { origin: 'draft', tokens: 50, timings: { draft_ms: 100, judge_ms: 50, base_ms: null } },
  ],
};

describe('the page logic', () => {
  it('estimates base-only time as kept tokens at the base pace of this turn, plus the answer', async () => {
    const estimate = await inPage<any>(
      '/lib/estimate.js',
      'return module.estimateBaseOnly(value, { thinkingEndedAt: 1000, endedAt: 1300 });',
      DETAIL,
    );
    // 500 ms for 50 base tokens = 10 ms/token; 200 kept tokens → 2000 ms; + 300 ms of answer.
    expect(estimate).toEqual({
      ms: 2300,
      msPerToken: 10,
      paceFrom: 'base steps',
      reasoningTokens: 200,
      answerMs: 300,
      speedup: 1.15,
    });
  });

  it('takes the pace from the answer when the base model wrote no step, and gives none for a failed turn', async () => {
    const allAccepted = { ...DETAIL, steps: [DETAIL.steps[0], DETAIL.steps[2]] };
    const estimate = await inPage<any>(
      '/lib/estimate.js',
      'return module.estimateBaseOnly(value, { thinkingEndedAt: 1000, endedAt: 1200 });',
      allAccepted,
    );
    expect(estimate).toMatchObject({ paceFrom: 'answer', msPerToken: 20, ms: 150 * 20 + 200 });
    const failed = await inPage<any>(
      '/lib/estimate.js',
      'return module.estimateBaseOnly(value, {}) ?? null;',
      { ...DETAIL, status: 'failed' },
    );
    expect(failed).toBeNull();
  });

  it('draws draft, judge and base bars where the events say the calls ran', async () => {
    const events = [
      { seq: 1, at: 10_000, type: 'turn-start' },
      { seq: 2, at: 10_300, type: 'step-proposed', index: 0, elapsedMs: 300 },
      { seq: 3, at: 10_400, type: 'step-scored', index: 0, score: 3, elapsedMs: 100 },
      { seq: 4, at: 10_400, type: 'step-rejected', index: 0, score: 3 },
      { seq: 5, at: 11_000, type: 'step-regenerated', index: 0, elapsedMs: 600 },
      { seq: 6, at: 11_000, type: 'thinking-end' },
      { seq: 7, at: 11_200, type: 'answer-delta', text: 'x' },
      { seq: 8, at: 11_250, type: 'turn-end' },
    ];
    const timeline = await inPage<any>(
      '/lib/timeline.js',
      'return module.timelineBars(value);',
      events,
    );
    expect(timeline.spanMs).toBe(1250);
    expect(timeline.bars.map((bar: any) => [bar.lane, bar.kind, bar.start, bar.end])).toEqual([
      ['draft', 'draft', 0, 300],
      ['judge', 'judge', 300, 400],
      ['base', 'rewrite', 400, 1000],
      ['base', 'answer', 1000, 1250],
    ]);
  });

  it('ignores events it has already applied, so a replay after a reload adds nothing twice', async () => {
    const model = await inPage<any>(
      '/lib/turn-model.js',
      `const model = module.createTurnModel();
       for (const event of [...value, ...value]) module.applyEvent(model, event);
       return { steps: model.steps.length, answer: model.answer, lastSeq: model.lastSeq, status: model.status };`,
      [
        { seq: 1, at: 0, type: 'turn-start', mode: 'speculative', pipeline: 'off' },
        { seq: 2, at: 1, type: 'step-proposed', index: 0, text: 'a', tokens: 1, elapsedMs: 1 },
        { seq: 3, at: 2, type: 'step-accepted', index: 0, text: 'a', tokens: 1, score: 9 },
        { seq: 4, at: 3, type: 'answer-delta', text: 'Yes' },
        { seq: 5, at: 4, type: 'turn-end', status: 'completed', usage: {} },
      ],
    );
    expect(model).toEqual({ steps: 1, answer: 'Yes', lastSeq: 5, status: 'completed' });
  });
});
