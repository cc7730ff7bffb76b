/**
 * The models a turn runs on, built from the Worker's bindings: the backend adapters (from its
 * variables and the Workers AI binding) and, when the Worker has one, the replica pools' shared
 * health records. The Conversation Durable Object calls it at the start of each run slice.
 */
import { createTurnModels } from './adapters/create-backends.ts';
import type { WorkersAiBinding } from './adapters/workers-ai/workers-ai-transport.ts';
import { settingsOf } from './app-config.ts';
import { locationHintOf } from './location-hint.ts';
import { replicaHealthShare } from './replica-health.ts';

/** The models, or the configuration failure that keeps the turn from running. */
export function modelsFromBindings(env: CloudflareBindings): ReturnType<typeof createTurnModels> {
  const variables = settingsOf(env);
  return createTurnModels({
    env: variables,
    // Called through a closure: the platform's fetch refuses to run detached from its global.
    fetch: (input, init) => fetch(input, init),
    ai: env.AI as WorkersAiBinding | undefined,
    healthShare: (poolName) =>
      env.REPLICA_HEALTH === undefined
        ? undefined
        : replicaHealthShare(env.REPLICA_HEALTH, poolName, locationHintOf(variables)),
  });
}
