/**
 * Failover against the simulator: a turn whose base replica is killed mid-turn completes on the
 * next replica of its rendezvous order with exactly the steps and answer of an undisturbed run,
 * through the Worker's own backend builder (BASE_URLS) and the step machine's driver.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createReplicaSet, type ReplicaSet } from '../../../infra/simulator/replicas.ts';
import { testSimulatorConfig } from '../../../infra/simulator/testing/harness.ts';
import { createBackends } from '../../../src/adapters/create-backends.ts';
import { replicaIdentity } from '../../../src/adapters/pool/pool-settings.ts';
import { rendezvousOrder } from '../../../src/adapters/pool/rendezvous.ts';
import { resolveTurnConfig } from '../../../src/core/config.ts';
import { driveTurn } from '../../../src/core/driver.ts';
import { keptStepOf } from '../../../src/core/events.ts';
import { problemMessages } from '../../../src/core/prompts.ts';
import { createTurnState, type TurnState } from '../../../src/core/state.ts';

const CONVERSATION = 'conv_failover';
const PROBLEM = 'Tom has 3 apples and buys 4 more. How many apples does he have?';
let sets: ReplicaSet[] = [];
afterEach(async () => {
  await Promise.all(sets.map((set) => set.close()));
  sets = [];
});

async function replicas(count: number): Promise<{ set: ReplicaSet; urls: string[] }> {
  const set = createReplicaSet(
    testSimulatorConfig({ deterministic: true, promptTokensDetails: true }),
    count,
  );
  sets.push(set);
  return { set, urls: (await set.listen()).map((root) => `${root}/v1`) };
}

/** Runs the turn to its end, resuming after a pause as the Durable Object's alarm does. */
async function runTurn(
  urls: string[],
  draftUrl: string,
  onKeptStep: (count: number) => Promise<void> = async () => {},
): Promise<TurnState> {
  const backends = createBackends({
    env: {
      BASE_URLS: urls.join(', '),
      BASE_MODEL: 'base',
      DRAFT_PROVIDER: 'openai-compatible',
      DRAFT_URL: draftUrl,
      DRAFT_MODEL: 'draft',
    },
    pools: new Map(),
    callOptions: { retry: { initialDelayMs: 1, maxDelayMs: 1 } },
  });
  let state = createTurnState(
    resolveTurnConfig({ seed: 7, threshold: 7 }),
    problemMessages({ template: 'math', text: PROBLEM }),
  );
  let kept = 0;
  for (let run = 0; run < 5 && (state.status === 'running' || state.status === 'paused'); run++) {
    state = await driveTurn({
      state,
      models: backends,
      now: () => Date.now(),
      affinityKey: CONVERSATION,
      commit: async (_next, events) => {
        for (const event of events) if (keptStepOf(event) !== undefined) await onKeptStep(++kept);
      },
    });
  }
  return state;
}

const outcome = (state: TurnState) => ({
  status: state.status,
  steps: state.steps.map((step) => step.text),
  answer: state.answer,
});

describe('failover against simulator replicas', () => {
  it('finishes a turn whose replica is killed mid-turn with the steps of an undisturbed run', async () => {
    const draft = await replicas(1);
    const draftUrl = draft.urls[0] as string;
    const calm = await replicas(3);
    const undisturbed = outcome(await runTurn(calm.urls, draftUrl));
    expect(undisturbed.status).toBe('completed');
    expect(undisturbed.steps.length).toBeGreaterThan(2);

    const { set, urls } = await replicas(3);
    const order = rendezvousOrder(
      CONVERSATION,
      urls.map((url) => ({ id: replicaIdentity(url), weight: 1 })),
    );
    const servingIndex = urls.findIndex((url) => replicaIdentity(url) === order[0]?.id);
    const nextIndex = urls.findIndex((url) => replicaIdentity(url) === order[1]?.id);
    const disturbed = await runTurn(urls, draftUrl, async (kept) => {
      if (kept === 2) await set.kill(servingIndex);
    });

    expect(set.isKilled(servingIndex)).toBe(true);
    expect(outcome(disturbed)).toEqual(undisturbed);
    const served = (index: number) =>
      set.replicas[index]?.state.stats.snapshot().models.base?.requests ?? 0;
    expect(served(servingIndex)).toBeGreaterThan(0);
    expect(served(nextIndex)).toBeGreaterThan(0);
    expect(served(3 - servingIndex - nextIndex)).toBe(0);
  });
});
