/**
 * Backend faults: many conversations while one model call in ten fails, in every way the
 * simulator can fail (429 with retry-after, 500, 503, a hang, a cut stream, a malformed chunk,
 * missing logprobs). Every turn completes, every step is kept exactly once, and retries stay
 * bounded and wait at least as long as the server asked.
 */
import { describe, expect, it } from 'vitest';
import { FAULT_KINDS } from '../../infra/simulator/faults.ts';
import type { SimulatedRequest } from '../support/simulator-client.ts';
import { useStack } from '../support/stack.ts';
import { mathTurn } from '../support/stack-client.ts';
import { attemptsByCall } from './support/attempts.ts';
import { report } from './support/report.ts';
import { SCALE } from './support/scale.ts';
import { auditTurn, reasoningOf } from './support/turn-audit.ts';

/** The adapters' default: one call and two retries. */
const MAX_ATTEMPTS_PER_BURST = 3;
const RETRY_AFTER_SECONDS = 1;

const { client, simulator } = useStack('faults', {
  // A hung backend costs 2 s per attempt instead of the production minute.
  vars: { MODEL_FIRST_TOKEN_TIMEOUT_MS: '2000' },
});

/** Runs of failed attempts of one call (same request body, so same id), in order. */
function failureRuns(requests: readonly SimulatedRequest[]): number[] {
  const runs: number[] = [];
  for (const attempts of attemptsByCall(requests)) {
    let run = 0;
    for (const attempt of attempts) {
      if (attempt.status === 'ok') {
        if (run > 0) runs.push(run);
        run = 0;
      } else run += 1;
    }
    if (run > 0) runs.push(run);
  }
  return runs;
}

/**
 * Milliseconds from each 429's arrival at the simulator to the next attempt of the same call.
 * Not from the simulator's stamp of the reply's end: the Worker can read the reply and start its
 * wait before that stamp, by a few ms on a busy machine (as backend-outages.test.ts found).
 */
function waitsAfterRateLimits(requests: readonly SimulatedRequest[]): number[] {
  const waits: number[] = [];
  for (const attempts of attemptsByCall(requests)) {
    attempts.forEach((attempt, position) => {
      const next = attempts[position + 1];
      if (attempt.status === 'fault:429' && next !== undefined)
        waits.push(next.startedAt - attempt.startedAt);
    });
  }
  return waits;
}

describe('conversations under failing model calls', () => {
  it('completes every turn with each step kept once when one call in ten fails', async () => {
    await simulator().setFaults('*', {
      rate: 0.1,
      kinds: FAULT_KINDS,
      seed: 11,
      retryAfterSeconds: RETRY_AFTER_SECONDS,
    });
    const problems = await simulator().problems(SCALE.faultConversations, 21);
    const outcomes = await Promise.all(
      problems.map((problem, position) => client().runTurn(mathTurn(problem, 1000 + position))),
    );
    const requests = await simulator().requests();
    await simulator().clearFaults();

    for (const { started, events, trace, stream } of outcomes) {
      const where = `conversation ${started.conversationId}`;
      expect(trace.status, `${where}: ${JSON.stringify(trace.failure)}`).toBe('completed');
      expect(auditTurn(trace, events), where).toEqual([]);
      expect(stream.reasoning, where).toBe(reasoningOf(trace));
      expect(stream.content, where).toBe(trace.answer);
      expect(stream.done && stream.errors.length === 0, where).toBe(true);
    }

    const faults = requests.filter((request) => request.status.startsWith('fault:'));
    for (const kind of FAULT_KINDS)
      expect(
        faults.some((request) => request.status === `fault:${kind}`),
        kind,
      ).toBe(true);

    // A burst of attempts is bounded; only a turn pause (which waits, then starts a new
    // burst) lets one call be tried more often.
    const pauses = outcomes.flatMap(({ events }) =>
      events.filter((event) => event.type === 'turn-paused'),
    ).length;
    expect(Math.max(...failureRuns(requests))).toBeLessThanOrEqual(
      MAX_ATTEMPTS_PER_BURST * (pauses + 1),
    );
    const waits = waitsAfterRateLimits(requests);
    expect(waits.length).toBeGreaterThan(0);
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(RETRY_AFTER_SECONDS * 1000);

    const steps = outcomes.reduce((sum, { trace }) => sum + trace.steps.length, 0);
    report(
      `backend faults (${SCALE.name}): ${outcomes.length}/${outcomes.length} turns completed, ` +
        `${steps} steps each kept once, ${faults.length} failed model calls of ` +
        `${requests.length} survived, ${pauses} turn pauses`,
    );
  });
});
