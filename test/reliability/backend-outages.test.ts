/**
 * Whole backends down. Without the draft model a turn degrades to the base model alone and
 * says so (the `draft-degraded` event, a stream comment, the steps' trace). Without the base
 * model a turn pauses with a clear error, retrying in bounded bursts that honour retry-after,
 * and finishes by itself once the backend is back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { deferred } from '../support/deferred.ts';
import { readCompletionStream } from '../support/sse.ts';
import { useStack } from '../support/stack.ts';
import { mathTurn } from '../support/stack-client.ts';
import { attemptsByCall } from './support/attempts.ts';
import { report } from './support/report.ts';
import { auditTurn, reasoningOf } from './support/turn-audit.ts';

/** The turn's default `draftFailureLimit` and the adapters' default one call plus two retries. */
const DRAFT_FAILURE_LIMIT = 3;
const ATTEMPTS_PER_BURST = 3;

const { client, simulator } = useStack('outages');

afterEach(async () => {
  await simulator().clearFaults();
  await simulator().resetStats();
});

describe('the draft backend down entirely', () => {
  it('degrades each turn to the base model alone, visibly, and completes it', async () => {
    await simulator().setFaults('draft', { rate: 1, kinds: ['500', '503'], seed: 3 });
    const problems = await simulator().problems(3, 41);
    const outcomes = await Promise.all(
      problems.map((problem, position) => client().runTurn(mathTurn(problem, 500 + position))),
    );

    for (const { events, trace, stream } of outcomes) {
      expect(trace.status).toBe('completed');
      expect(auditTurn(trace, events)).toEqual([]);
      const degraded = events.filter((event) => event.type === 'draft-degraded');
      expect(degraded).toMatchObject([
        {
          failures: DRAFT_FAILURE_LIMIT,
          failure: { message: expect.stringContaining('Draft model') },
        },
      ]);
      const decisions = trace.steps.map((step) => step.decision);
      expect(decisions.slice(0, DRAFT_FAILURE_LIMIT - 1)).toEqual(['draft-failed', 'draft-failed']);
      expect(new Set(decisions.slice(DRAFT_FAILURE_LIMIT - 1))).toEqual(
        new Set(['draft-degraded']),
      );
      expect(trace.steps.every((step) => step.origin === 'base')).toBe(true);
      expect(stream.comments).toContain(
        'draft model unavailable: continuing with the base model alone',
      );
      expect(stream.reasoning).toBe(reasoningOf(trace));
    }
    // After degrading, a turn stops calling the draft model: three calls of three attempts each.
    const draftRequests = (await simulator().requests()).filter(
      (request) => request.model === 'draft',
    );
    expect(draftRequests).toHaveLength(problems.length * DRAFT_FAILURE_LIMIT * ATTEMPTS_PER_BURST);
    report(
      `draft down: ${outcomes.length} turns completed on the base model alone, each flagged ` +
        `draft-degraded after ${DRAFT_FAILURE_LIMIT} failed draft calls (${draftRequests.length} ` +
        'refused draft requests in all)',
    );
  });
});

describe('the base backend down, then back', () => {
  it('pauses the turn with a clear error and finishes it once the backend returns', async () => {
    await simulator().setFaults('base', { rate: 1, kinds: ['429'], seed: 5, retryAfterSeconds: 1 });
    const [problem] = await simulator().problems(1, 43);
    const started = await client().startTurn(mathTurn(problem as string, 77));
    const secondPause = deferred();
    let pausesSeen = 0;
    const following = client().followTurn(started.conversationId, 1, {
      onEvent: (event) => {
        if (event.type === 'turn-paused' && ++pausesSeen === 2) secondPause.resolve();
      },
    });
    // A turn that ended without pausing twice must fail the assertions below, not hang here.
    void following.finally(() => secondPause.resolve());
    await secondPause.promise;
    await simulator().clearFaults('base');
    const events = await following;
    const trace = await client().turn(started.conversationId);
    const stream = readCompletionStream(await started.body);

    expect(trace.status).toBe('completed');
    expect(auditTurn(trace, events)).toEqual([]);
    const pauses = events.filter((event) => event.type === 'turn-paused');
    expect(pauses.length).toBeGreaterThanOrEqual(2);
    pauses.forEach((pause, position) => {
      expect(pause).toMatchObject({
        attempt: position + 1,
        failure: { status: 429, isRetryable: true },
      });
      expect(String((pause.failure as { message: string }).message)).toMatch(
        /^Base model request failed with status 429/,
      );
    });
    expect(
      stream.comments.filter((comment) => comment.startsWith('paused: Base model')),
    ).toHaveLength(pauses.length);
    expect(stream.reasoning).toBe(reasoningOf(trace));
    expect(stream.finishReasons).toEqual(['stop']);

    // Every call came in bursts of at most three attempts, one burst per pause at most (plus
    // the one cut short by the recovery), each attempt at least retry-after after the last 429.
    const calls = attemptsByCall(
      (await simulator().requests()).filter((request) => request.model === 'base'),
    );
    const refused = calls.map((attempts) => attempts.filter((a) => a.status === 'fault:429'));
    const judge = refused.find((attempts) => attempts[0]?.sampling.max_tokens === 1);
    expect(judge).toHaveLength(ATTEMPTS_PER_BURST);
    const mostRefused = Math.max(...refused.map((attempts) => attempts.length));
    expect(mostRefused).toBeGreaterThanOrEqual(ATTEMPTS_PER_BURST * pauses.length);
    expect(mostRefused).toBeLessThanOrEqual(ATTEMPTS_PER_BURST * (pauses.length + 1));
    report(
      `base down: ${pauses.length} pauses, ${refused.flat().length} refused base calls ` +
        `(at most ${mostRefused} for one call), completed after the backend returned`,
    );
    for (const attempts of calls) {
      attempts.slice(1).forEach((attempt, position) => {
        const before = attempts[position];
        // Measured from the 429's arrival at the simulator: the Worker reads the reply after
        // that, but can read it before the simulator stamps the reply's end.
        if (before?.status === 'fault:429')
          expect(attempt.startedAt - before.startedAt).toBeGreaterThanOrEqual(1000);
      });
    }
  });
});
