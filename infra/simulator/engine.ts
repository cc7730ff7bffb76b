/**
 * Runs requests through simulated GPU time. A request waits for the network round trip and the
 * request overhead, then prefills its uncached prompt (the prefix cache is read first), and
 * releases its first token; each later token costs a decode step. Every step is slowed by the
 * other requests running on the same GPUs at that moment. Waits are multiplied by the time scale
 * (0 = no waiting at all); the returned figures are unscaled model milliseconds.
 */
import { decodeMsPerToken, prefillMs, slowdownFactor } from './latency.ts';
import type { PrefixCache } from './prefix-cache.ts';
import type { ModelProfile } from './profile.ts';

/** Time source and timer, injectable for tests. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The GPUs a set of models share; `active` counts requests prefilling or decoding on them. */
export interface GpuGroup {
  active: number;
}

/** One served model at run time. */
export interface ModelRuntime {
  name: string;
  profile: ModelProfile;
  cache: PrefixCache;
  group: GpuGroup;
}

/** What to run. */
export interface EngineJob {
  promptIds: readonly number[];
  /** Ids of the tokens that will be emitted, in order. */
  outputIds: readonly number[];
  cacheSalt?: string | undefined;
  /** Prompt logprobs force a full prefill (vLLM skips prefix-cache reads). */
  skipCacheRead: boolean;
  signal: AbortSignal;
  /** The response may start: round trip and overhead have passed. */
  onStart(): void;
  /** Output token `index` is ready to send. */
  onToken(index: number): void;
}

/** What a run cost, unscaled. */
export interface EngineResult {
  aborted: boolean;
  emitted: number;
  cachedTokens: number;
  overheadMs: number;
  networkMs: number;
  prefillMs: number;
  decodeMs: number;
}

/** An engine that paces jobs with `clock`, waiting `timeScale` real ms per model ms. */
export function createEngine(clock: Clock, timeScale: number) {
  const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    async run(runtime: ModelRuntime, job: EngineJob): Promise<EngineResult> {
      const profile = runtime.profile;
      const origin = clock.now();
      let virtual = 0;
      let sinceYield = 0;
      const catchUp = async () => {
        const delay = origin + virtual * timeScale - clock.now();
        if (delay >= 1) {
          await clock.sleep(delay);
          sinceYield = 0;
        } else if (++sinceYield >= 16) {
          sinceYield = 0;
          await yieldToLoop();
        }
      };
      const result: EngineResult = {
        aborted: false,
        emitted: 0,
        cachedTokens: 0,
        overheadMs: profile.requestOverheadMs,
        networkMs: profile.networkRttMs,
        prefillMs: 0,
        decodeMs: 0,
      };
      virtual += profile.networkRttMs + profile.requestOverheadMs;
      await catchUp();
      if (job.signal.aborted) return { ...result, aborted: true };
      job.onStart();
      runtime.group.active += 1;
      try {
        result.cachedTokens = job.skipCacheRead
          ? 0
          : runtime.cache.lookup(job.promptIds, job.cacheSalt);
        const prefill = prefillMs(profile, job.promptIds.length - result.cachedTokens);
        result.prefillMs = prefill * slowdownFactor(profile, runtime.group.active);
        virtual += result.prefillMs;
        for (let index = 0; index < job.outputIds.length; index += 1) {
          if (index > 0) {
            const step =
              decodeMsPerToken(profile, job.promptIds.length + index) *
              slowdownFactor(profile, runtime.group.active);
            result.decodeMs += step;
            virtual += step;
          }
          await catchUp();
          if (job.signal.aborted) {
            result.aborted = true;
            break;
          }
          job.onToken(index);
          result.emitted = index + 1;
        }
      } finally {
        runtime.group.active -= 1;
        runtime.cache.insert(
          [...job.promptIds, ...job.outputIds.slice(0, result.emitted)],
          job.cacheSalt,
        );
      }
      return result;
    },
  };
}

export type Engine = ReturnType<typeof createEngine>;
