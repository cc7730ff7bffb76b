/**
 * Per-call seeds (issue 13). vLLM gives a request that carries a `seed` its own generator seeded
 * with it, so two calls with the same seed draw the same noise at every output position: one seed
 * for all the calls of a turn would make every step start from the same random draws (same
 * openings, more loops). Each call therefore gets its own seed, derived from the turn's seed, the
 * call's kind and its step index: distinct between the calls of a turn, and the same again when a
 * call is retried or replayed after a restart, so a turn stays reproducible and crash-determinism
 * holds. Pure; no adapter clamps or rewrites the value.
 */
import { hashText } from './hash.ts';
import type { CallKind } from './state.ts';

/**
 * The largest seed a call gets. Every backend accepts [1, 2^32 - 2]: Workers AI takes integers
 * 1–9999999999, vLLM and SGLang any 64-bit integer, and llama.cpp's server reads 0xFFFFFFFF
 * (`LLAMA_DEFAULT_SEED`) as "pick a random seed", so that value is left out.
 */
export const MAX_CALL_SEED = 0xfffffffe;

/** The seed sent with one call: an integer in [1, MAX_CALL_SEED], a pure function of its inputs. */
export function callSeed(turnSeed: number, kind: CallKind, index: number): number {
  return 1 + (hashText(`${turnSeed}\u0000${kind}\u0000${index}`) % MAX_CALL_SEED);
}
