/**
 * The sampling noise of a seeded request, as vLLM draws it. vLLM gives a request that carries a
 * `seed` its own `torch.Generator` seeded with that value (vllm/v1/worker/gpu_model_runner.py,
 * `if sampling_params.sampling_type == SamplingType.RANDOM_SEED: generator =
 * torch.Generator(...); generator.manual_seed(sampling_params.seed)`, vllm-project/vllm at
 * 4e1790651fc758c06c7a903dd4cd82364ac91b27), and the sampler draws each position's noise from it.
 * So the noise at output position i depends on the seed alone, not on the prompt: two requests
 * with the same seed share their random draws, and steps sent with one seed make the same
 * choices at the same positions (correlated slips, same openings). Requests without a seed use
 * the engine's global generator: fresh noise per request, which the simulator stands in for with
 * a hash of the request, so that it stays deterministic.
 */
import { createRandom, type Random } from './rng.ts';

/** The random stream a continuation's choices draw from. */
export function samplingNoise(
  seed: number | undefined,
  request: readonly (string | number)[],
): Random {
  return seed === undefined ? createRandom('reason', ...request) : createRandom('seeded', seed);
}
