/**
 * The simulator's request record grouped by call: a seeded request body always gets the same
 * id, so the attempts of one model call (its retries, and its re-issues after a pause) share it.
 */
import type { SimulatedRequest } from '../../support/simulator-client.ts';

/** Each call's attempts in the order they started. */
export function attemptsByCall(requests: readonly SimulatedRequest[]): SimulatedRequest[][] {
  const calls = new Map<string, SimulatedRequest[]>();
  for (const request of requests) {
    const attempts = calls.get(request.id) ?? [];
    attempts.push(request);
    calls.set(request.id, attempts);
  }
  return [...calls.values()].map((attempts) =>
    attempts.toSorted((first, second) => first.startedAt - second.startedAt),
  );
}
