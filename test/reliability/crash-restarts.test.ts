/**
 * Crashes: the Worker runtime (wrangler dev) is killed with SIGKILL at random moments while a
 * batch of turns runs, and started again each time. Every turn completes on its own, its event
 * log matches its steps table, and its steps are exactly those of an undisturbed run of the same
 * questions and seeds (the simulator answers a seeded request the same way every time).
 */
import { describe, expect, it } from 'vitest';
import type { Stack } from '../../infra/dev/stack.ts';
import { seededRandom } from '../../src/core/random.ts';
import { type Deferred, deferred } from '../support/deferred.ts';
import { SimulatorClient } from '../support/simulator-client.ts';
import { startTestStack } from '../support/stack.ts';
import {
  type LoggedEvent,
  mathTurn,
  StackClient,
  type TurnDetail,
} from '../support/stack-client.ts';
import { report } from './support/report.ts';
import { SCALE } from './support/scale.ts';
import { auditTurn } from './support/turn-audit.ts';

/**
 * Real ms per model ms while killing: slow enough that the batch outlives every kill (each
 * kill lets the turns run for about a second), not so slow that it drags on after the last.
 */
const SLOW_TIME_SCALE = 3.5 * SCALE.kills;
/** A kill lands at a random moment up to this long after work resumed. */
const MAX_KILL_DELAY_MS = 1200;

const question = (problem: string, position: number) => mathTurn(problem, 9000 + position);

const stepsOf = (trace: TurnDetail) =>
  trace.steps.map((step) => [step.index, step.origin, step.decision, step.text]);

async function withStack<T>(timeScale: number, use: (stack: Stack) => Promise<T>): Promise<T> {
  const stack = await startTestStack('crash-batch', { timeScale });
  try {
    return await use(stack);
  } finally {
    await stack.stop();
  }
}

/**
 * The batch: math problems whose longest turns (17 steps for seed 20) last about as long as the
 * AIME-like ones did before those began to deliberate for a hundred steps (issue 13). The batch
 * must outlive every kill, but each kill lets it run only about a second: longer turns add no
 * kills, only minutes of running after the last one.
 */
const PROBLEM_SEED = 20;

/** The batch's questions, and each turn run to its end with nothing disturbing it. */
async function undisturbedRun(): Promise<{ problems: string[]; expected: TurnDetail[] }> {
  return withStack(1, async (stack) => {
    const client = new StackClient(stack.workerUrl, stack.apiKey);
    const simulator = new SimulatorClient(stack.simulatorUrl);
    const problems = await simulator.problems(SCALE.crashConversations, PROBLEM_SEED, 'math');
    const expected = await Promise.all(
      problems.map(
        async (problem, position) => (await client.runTurn(question(problem, position))).trace,
      ),
    );
    return { problems, expected };
  });
}

describe('the Worker runtime killed again and again during a batch of turns', () => {
  // Each kill costs a restart and the wait for the heartbeat alarm: about ten seconds.
  const timeout = 60_000 + SCALE.kills * 25_000;
  it('completes every turn with the steps of an undisturbed run', { timeout }, async () => {
    const { problems, expected } = await undisturbedRun();

    await withStack(SLOW_TIME_SCALE, async (stack) => {
      const client = new StackClient(stack.workerUrl, stack.apiKey);
      const random = seededRandom(20);
      let up: Deferred = deferred();
      up.resolve();
      let resumedAt = Date.now();
      let progress: Deferred = deferred();
      const started = await Promise.all(
        problems.map((problem, position) => client.startTurn(question(problem, position))),
      );
      // A follower whose stream broke waits for the runtime to be back; it says whether it waited.
      const waitUntilUp = async () => {
        const waited = !up.settled;
        await up.promise;
        return waited;
      };
      const onEvent = (event: LoggedEvent) => {
        if (Number(event.at) >= resumedAt) progress.resolve();
      };
      const followers = started.map((turn) =>
        client.followTurn(turn.conversationId, 1, { reconnect: waitUntilUp, onEvent }),
      );
      let running = followers.length;
      const settled = () => --running === 0 && progress.resolve();
      for (const follower of followers) follower.then(settled, settled);

      let kills = 0;
      while (kills < SCALE.kills && running > 0) {
        await progress.promise;
        if (running === 0) break;
        // This wait is the random moment of the kill itself, not a wait for anything.
        await new Promise((resolve) => setTimeout(resolve, random() * MAX_KILL_DELAY_MS));
        up = deferred();
        progress = deferred();
        await stack.killWorker();
        kills += 1;
        await stack.startWorker();
        resumedAt = Date.now();
        up.resolve();
      }
      const logs = await Promise.all(followers);
      const cut = (await new SimulatorClient(stack.simulatorUrl).requests()).filter(
        (request) => request.status === 'aborted',
      ).length;

      expect(kills).toBe(SCALE.kills);
      for (const [position, turn] of started.entries()) {
        const trace = await client.turn(turn.conversationId);
        const reference = expected[position] as TurnDetail;
        const where = `conversation ${turn.conversationId}`;
        expect(reference.status, `undisturbed ${where}`).toBe('completed');
        expect(trace.status, where).toBe('completed');
        expect(auditTurn(trace, logs[position] ?? []), where).toEqual([]);
        expect(stepsOf(trace), where).toEqual(stepsOf(reference));
        expect(trace.answer, where).toBe(reference.answer);
      }
      const steps = expected.reduce((sum, trace) => sum + trace.steps.length, 0);
      report(
        `crashes (${SCALE.name}): ${kills} SIGKILLs survived by ${started.length} turns ` +
          `(${steps} steps, identical to the undisturbed run); ${cut} model calls cut mid-flight`,
      );
    });
  });
});
