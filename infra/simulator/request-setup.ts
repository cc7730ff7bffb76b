/**
 * What every generation route decides the same way: the sampling actually used (request, else
 * the model's generation config, else OpenAI defaults, as vLLM does), vLLM's sampling-parameter
 * checks, response ids and `created` (derived from the request when it carries a seed or the
 * simulator runs deterministic), and the fault due for this request.
 */

import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FaultKind } from './faults.ts';
import { hexId } from './rng.ts';
import type { ServedModel, SimulatorState } from './state.ts';
import { formatPythonFloat } from './wire/python-json.ts';
import { DETERMINISTIC_CREATED, MESSAGES, OPENAI_DEFAULT_SAMPLING } from './wire/vllm-profile.ts';

/** Sampling after the fallback chain. */
export interface ResolvedSampling {
  temperature: number;
  topP: number;
  topK: number;
  seed: number | undefined;
}

export function resolveSampling(
  model: ServedModel,
  requested: {
    temperature?: number | undefined;
    topP?: number | undefined;
    topK?: number | undefined;
    seed?: number | undefined;
  },
): ResolvedSampling {
  const config = model.generationConfig;
  return {
    temperature: requested.temperature ?? config.temperature ?? OPENAI_DEFAULT_SAMPLING.temperature,
    topP: requested.topP ?? config.top_p ?? OPENAI_DEFAULT_SAMPLING.top_p,
    topK: requested.topK ?? config.top_k ?? OPENAI_DEFAULT_SAMPLING.top_k,
    seed: requested.seed,
  };
}

/** `SamplingParams._verify_args`: the first violated rule's message, if any. */
export function samplingProblem(
  sampling: ResolvedSampling,
  maxTokens: number,
  stop: readonly string[],
): string | undefined {
  if (sampling.temperature < 0)
    return MESSAGES.negativeTemperature(formatPythonFloat(sampling.temperature));
  if (!(sampling.topP > 0 && sampling.topP <= 1))
    return MESSAGES.topPRange(formatPythonFloat(sampling.topP));
  if (maxTokens < 1) return MESSAGES.maxTokensRange(maxTokens);
  if (stop.some((item) => item === '')) return MESSAGES.emptyStop;
  return undefined;
}

/** The response id and `created`. */
export function responseIdentity(
  state: SimulatorState,
  request: IncomingMessage,
  prefix: string,
  body: string,
  seed: number | undefined,
): { id: string; created: number } {
  const deterministic = state.config.deterministic || seed !== undefined;
  const header = request.headers['x-request-id'];
  const suffix =
    typeof header === 'string' && header !== ''
      ? header
      : deterministic
        ? hexId(prefix, body)
        : randomUUID().replaceAll('-', '');
  return {
    id: `${prefix}${suffix}`,
    created: deterministic ? DETERMINISTIC_CREATED : Math.floor(Date.now() / 1000),
  };
}

/** The fault for this request (the `x-sim-fault` header, else the model's configuration). */
export function faultFor(
  state: SimulatorState,
  model: ServedModel,
  request: IncomingMessage,
): FaultKind | undefined {
  const header = request.headers['x-sim-fault'];
  return state.faults.decide(model.name, typeof header === 'string' ? header : undefined);
}
