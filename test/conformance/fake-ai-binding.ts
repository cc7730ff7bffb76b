/**
 * A stand-in for the `env.AI` binding, backed by the simulator's Workers AI REST route: the
 * inputs go through unchanged (so the simulator checks them against the model's schema), a
 * streamed reply comes back as the byte stream the binding returns, a whole one as its `result`,
 * and a failure is thrown as the binding throws it: the message starts with the internal code,
 * bare ("3040: …") or prefixed ("InferenceUpstreamError: 3040: …"): both are seen in production.
 */
import type { WorkersAiBinding } from '../../src/adapters/workers-ai/workers-ai-transport.ts';

export interface SimulatedAiBinding extends WorkersAiBinding {
  /** The models run so far, in order. */
  readonly calls: string[];
}

export function createSimulatedAiBinding(
  origin: string,
  account: string,
  errors: 'bare' | 'prefixed' = 'bare',
): SimulatedAiBinding {
  const calls: string[] = [];
  return {
    calls,
    async run(model, inputs, options) {
      calls.push(model);
      const response = await fetch(`${origin}/client/v4/accounts/${account}/ai/run/${model}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...options?.extraHeaders },
        body: JSON.stringify(inputs),
        signal: options?.signal,
      });
      if (!response.ok) {
        const body = (await response.json()) as { errors?: { code: number; message: string }[] };
        const error = body.errors?.[0] ?? { code: response.status, message: 'unknown error' };
        const prefix = errors === 'prefixed' ? 'InferenceUpstreamError: ' : '';
        throw new Error(`${prefix}${error.code}: ${error.message}`);
      }
      if (inputs.stream === true) return response.body;
      return ((await response.json()) as { result: unknown }).result;
    },
  };
}
