/**
 * Starts a turn in a conversation's Durable Object, for the routes that create one (chat
 * completions, responses): the request's turn goes in, and a started turn comes back with the
 * headers that name it and its events to follow. Each route words its own refusals (no such
 * conversation, a turn still in progress); nothing here throws them.
 */
import type { StartTurnOutcome } from '../conversation-types.ts';
import type { TurnRequest } from '../openai/to-core.ts';
import type { StoredEvent } from '../turn-log.ts';
import { conversationStub } from './conversation-stub.ts';
import { followTurn } from './follow-turn.ts';

export interface StartTurnOptions {
  conversationId: string;
  tenant: string;
  /** Create the conversation (the request named none to continue). */
  create: boolean;
  turn: TurnRequest;
  /** Stored beside the turn (see StartTurnInput). */
  annotation?: string | undefined;
  /** The turn the new one must follow (see StartTurnInput). */
  follows?: number | undefined;
}

/** A started turn, or why the Durable Object refused to start it. */
export type StartedTurn =
  | Exclude<StartTurnOutcome, { type: 'started' }>
  | {
      type: 'started';
      turnId: number;
      /** `x-conversation-id` and `x-turn-id`, for the route's response. */
      headers: Record<string, string>;
      /** The turn's events from its first until `turn-end`. */
      events: AsyncGenerator<StoredEvent>;
    };

/** A seed for a turn whose request names none. */
export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] as number;
}

export async function startTurn(
  env: CloudflareBindings,
  options: StartTurnOptions,
): Promise<StartedTurn> {
  const { conversationId, tenant, turn } = options;
  const stub = conversationStub(env, tenant, conversationId);
  const outcome = await stub.startTurn({
    conversationId,
    tenant,
    create: options.create,
    system: turn.system,
    seedHistory: turn.history,
    problem: turn.problem,
    userText: turn.userText,
    config: turn.config,
    annotation: options.annotation,
    follows: options.follows,
  });
  if (outcome.type !== 'started') return outcome;
  return {
    type: 'started',
    turnId: outcome.turnId,
    headers: { 'x-conversation-id': conversationId, 'x-turn-id': String(outcome.turnId) },
    events: followTurn(stub, outcome.turnId, outcome.afterSeq),
  };
}
