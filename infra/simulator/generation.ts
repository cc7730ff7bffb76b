/**
 * What a model generates for a request, before any timing: the judge's one-token score with its
 * distribution, or the reasoning continuation, as tokens (ending with the end-of-message token
 * when the text is complete) with deterministic log probabilities for every position.
 */
import type { PromptView } from './chat-template.ts';
import { createRandom, hashParts } from './rng.ts';
import { samplingNoise } from './seeded-noise.ts';
import { END_OF_MESSAGE, type Token, tokenId, tokenize } from './tokenizer.ts';
import type { PositionLogprobs, TokenLogprob } from './wire/vllm-logprobs.ts';
import { isJudgeRequest, judgeDistribution } from './worlds/judge.ts';
import { findProblem } from './worlds/problem-finder.ts';
import { continueReasoning } from './worlds/reasoner.ts';
import type { Skill } from './worlds/skills.ts';

/** One output position: the token and (on demand) its log probabilities. */
export interface OutputToken {
  token: Token;
  /** True for the end-of-message token: it counts, but adds no text. */
  isEnd: boolean;
  logprobs(): PositionLogprobs;
}

/** A model's full continuation for a request. */
export interface Generation {
  kind: 'judge' | 'reasoning';
  tokens: OutputToken[];
}

/** The sampling that shapes a generation (already resolved against the generation config). */
export interface GenerationSampling {
  temperature: number;
  topP: number;
  seed: number | undefined;
}

const COMMON_TOKENS = [
  ' the',
  ',',
  '.',
  ' and',
  ' to',
  ' of',
  ' a',
  ' is',
  ' we',
  ' so',
  '\n\n',
  ' that',
  ' =',
  ' +',
  ' ×',
  ' I',
  ' it',
  ' this',
  ' in',
  ' for',
  ' not',
  ' with',
];

/** Generates the continuation of `view` by a model called `modelName` with `skill`. */
export function generate(
  view: PromptView,
  modelName: string,
  skill: Skill,
  sampling: GenerationSampling,
): Generation {
  // Hash the prompt once: every token's logprobs draw from the same key.
  const key = [
    'generate',
    modelName,
    sampling.seed ?? 'none',
    sampling.temperature,
    sampling.topP,
    hashParts(view.text),
  ] as const;
  if (isJudgeRequest(view)) {
    const distribution = judgeDistribution(view, skill, createRandom('judge', ...key));
    const greedy = distribution[0]!;
    const choice =
      sampling.temperature === 0
        ? greedy
        : sampleFrom(distribution, createRandom('judge-sample', ...key).next());
    const ranked = distribution.map((candidate) => ({
      text: candidate.text,
      logprob: Math.fround(Math.log(candidate.probability)),
    }));
    const sampled = ranked.find((candidate) => candidate.text === choice.text)!;
    const scoreToken: OutputToken = {
      token: { id: tokenId(choice.text), text: choice.text },
      isEnd: false,
      logprobs: () => ({ sampled, ranked }),
    };
    const verdict = Number(choice.text) >= 5 ? ' The step is correct.' : ' The step has a mistake.';
    return {
      kind: 'judge',
      tokens: [scoreToken, ...textTokens(verdict, key, sampling.temperature)],
    };
  }
  const problem = findProblem([...view.messages]);
  const noise = samplingNoise(sampling.seed, key);
  const text = continueReasoning(view, problem, skill, sampling, noise);
  return { kind: 'reasoning', tokens: textTokens(text, key, sampling.temperature) };
}

function sampleFrom(distribution: readonly { text: string; probability: number }[], draw: number) {
  const total = distribution.reduce((sum, candidate) => sum + candidate.probability, 0);
  let remaining = draw * total;
  for (const candidate of distribution) {
    remaining -= candidate.probability;
    if (remaining <= 0) return candidate;
  }
  return distribution[0]!;
}

/** Tokens of `text` plus the end-of-message token, with plausible log probabilities. */
function textTokens(
  text: string,
  key: readonly (string | number)[],
  temperature: number,
): OutputToken[] {
  const tokens = tokenize(text).map((token) => ({ token, isEnd: false }));
  tokens.push({ token: END_OF_MESSAGE, isEnd: true });
  return tokens.map(({ token, isEnd }, index) => ({
    token,
    isEnd,
    logprobs: () =>
      positionLogprobs(token.text, createRandom('logprobs', index, ...key), temperature),
  }));
}

function positionLogprobs(
  text: string,
  random: ReturnType<typeof createRandom>,
  temperature: number,
): PositionLogprobs {
  const isDigit = /^\d$/.test(text);
  const pool = isDigit ? ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] : COMMON_TOKENS;
  const alternatives = pool.filter((candidate) => candidate !== text);
  const sampledProbability = isDigit ? 0.5 + 0.45 * random.next() : 0.6 + 0.39 * random.next();
  // At temperature > 0 the sampled token is sometimes not the most likely one.
  const outranked = temperature > 0 && random.chance(0.1 * Math.min(temperature, 1));
  const ranked: TokenLogprob[] = [];
  let remaining = 1 - sampledProbability;
  const start = random.int(0, alternatives.length - 1);
  for (let index = 0; index < Math.min(alternatives.length, 20); index += 1) {
    const share =
      index === 0 && outranked
        ? Math.min(sampledProbability + 0.05, remaining * 0.9)
        : remaining * 0.45;
    remaining -= share;
    ranked.push({
      text: alternatives[(start + index) % alternatives.length]!,
      logprob: Math.fround(Math.log(share)),
    });
  }
  const sampled = { text, logprob: Math.fround(Math.log(sampledProbability)) };
  ranked.push(sampled);
  ranked.sort((left, right) => right.logprob - left.logprob);
  return { sampled, ranked };
}
