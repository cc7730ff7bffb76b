/**
 * Placement of the Durable Objects near the GPUs they call: `CONVERSATION_LOCATION_HINT` is a
 * Durable Object location hint (`wnam`, `enam`, `weur`, …) given when a conversation (and a
 * replica pool's health record) is first created. Each base-model call then crosses the short
 * way from the object to the GPU endpoint instead of from wherever the first request came in.
 */

export const LOCATION_HINTS: readonly DurableObjectLocationHint[] = [
  'wnam',
  'enam',
  'sam',
  'weur',
  'eeur',
  'apac',
  'apac-ne',
  'apac-se',
  'oc',
  'afr',
  'me',
];

/** The configured hint; `undefined` when unset or invalid (the app refuses an invalid one). */
export function locationHintOf(
  env: Readonly<Record<string, unknown>>,
): DurableObjectLocationHint | undefined {
  const value = env.CONVERSATION_LOCATION_HINT;
  return LOCATION_HINTS.find((hint) => hint === value);
}

/** The problem with the setting, naming it; `undefined` when it is fine. */
export function locationHintProblem(env: Readonly<Record<string, unknown>>): string | undefined {
  const value = env.CONVERSATION_LOCATION_HINT;
  if (value === undefined || value === '') return undefined;
  if (locationHintOf(env) !== undefined) return undefined;
  return `CONVERSATION_LOCATION_HINT must be one of ${LOCATION_HINTS.join(', ')} (got "${String(value)}")`;
}
