/**
 * The reference SpecReason loop (ruipeterpan/specreason, design.md §1) over HTTP against a
 * vLLM-compatible server: the draft writes a step, the base model scores it with one
 * prefill-only token, a step scoring below the threshold is rewritten by the base model, and the
 * base model writes the answer after the thinking. Used by the sweep; not the product's core.
 */
import {
  answerMessages,
  judgeMessages,
  type Problem,
  problemMessages,
  STEP_SEPARATOR,
  stepMessages,
  THINK_CLOSE,
} from '../../src/core/prompts.ts';

/** How to reach the models and how to decide. */
export interface LoopOptions {
  url: string;
  baseModel: string;
  draftModel: string;
  /** Accept a draft step when its score is at least this; `undefined` runs one model alone. */
  threshold: number | undefined;
  /** Which model writes every step when `threshold` is undefined. */
  soloModel?: 'base' | 'draft';
  scoreMethod: 'greedy' | 'average';
  tokenBudget: number;
}

/** What one problem's run produced. */
export interface LoopResult {
  steps: string[];
  proposed: number;
  accepted: number;
  answer: string | undefined;
}

interface ChatResult {
  content: string;
  completionTokens: number;
  topLogprobs: { token: string; logprob: number }[];
}

async function chat(
  options: LoopOptions,
  model: string,
  body: Record<string, unknown>,
): Promise<ChatResult> {
  const response = await fetch(`${options.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, ...body }),
  });
  if (!response.ok)
    throw new Error(
      `Chat request failed with status ${response.status}: POST ${options.url}/v1/chat/completions ${await response.text()}`,
    );
  const json = (await response.json()) as {
    choices: {
      message: { content: string };
      logprobs: { content: { top_logprobs: { token: string; logprob: number }[] }[] } | null;
    }[];
    usage: { completion_tokens: number };
  };
  const choice = json.choices[0]!;
  return {
    content: choice.message.content,
    completionTokens: json.usage.completion_tokens,
    topLogprobs: choice.logprobs?.content[0]?.top_logprobs ?? [],
  };
}

/**
 * The reference step call: the reference sampling, stopping at the step separator; the first
 * step opens the assistant's turn, later ones continue it.
 */
export function stepRequest(messages: ReturnType<typeof stepMessages>, first: boolean) {
  return {
    messages,
    continue_final_message: !first,
    add_generation_prompt: first,
    temperature: 0.6,
    top_p: 0.95,
    max_tokens: 512,
    stop: [STEP_SEPARATOR],
  };
}

/**
 * The reference judge call: the step scored with one prefill-only token (temperature 0) and the
 * ten most likely alternatives to it.
 */
export function judgeRequest(messages: ReturnType<typeof judgeMessages>) {
  return {
    messages,
    continue_final_message: true,
    add_generation_prompt: false,
    temperature: 0,
    max_tokens: 1,
    logprobs: true,
    top_logprobs: 10,
  };
}

/** The score of a judge call: greedy digit, or the probability-weighted digit mean. */
export function scoreOf(
  topLogprobs: readonly { token: string; logprob: number }[],
  method: 'greedy' | 'average',
): number {
  if (method === 'greedy') {
    const top = topLogprobs[0]?.token.trim() ?? '';
    return /^\d$/.test(top) ? Number(top) : 0;
  }
  let mass = 0;
  let sum = 0;
  for (const { token, logprob } of topLogprobs) {
    const digit = token.trim();
    if (!/^\d$/.test(digit)) continue;
    mass += Math.exp(logprob);
    sum += Math.exp(logprob) * Number(digit);
  }
  return mass === 0 ? 0 : sum / mass;
}

/** Runs one problem. */
export async function runProblem(options: LoopOptions, problem: Problem): Promise<LoopResult> {
  const base = problemMessages(problem);
  const steps: string[] = [];
  let proposed = 0;
  let accepted = 0;
  let keptTokens = 0;
  while (keptTokens < options.tokenBudget && steps.length < 200) {
    const request = stepRequest(stepMessages(base, steps), steps.length === 0);
    let step: ChatResult;
    if (options.threshold === undefined) {
      step = await chat(
        options,
        options.soloModel === 'draft' ? options.draftModel : options.baseModel,
        request,
      );
    } else {
      const draft = await chat(options, options.draftModel, request);
      proposed += 1;
      const judge = await chat(
        options,
        options.baseModel,
        judgeRequest(judgeMessages(base, [...steps, draft.content])),
      );
      const accept = scoreOf(judge.topLogprobs, options.scoreMethod) >= options.threshold;
      if (accept) accepted += 1;
      step = accept ? draft : await chat(options, options.baseModel, request);
    }
    const text = step.content.replaceAll(THINK_CLOSE, '').trim();
    if (text === '' || text === steps.at(-1)) break;
    steps.push(text);
    keptTokens += step.completionTokens;
    if (/boxed|Answer:|ANSWER:/.test(text)) break;
  }
  const closing = await chat(options, options.baseModel, {
    messages: answerMessages(base, steps),
    continue_final_message: true,
    add_generation_prompt: false,
    temperature: 0.6,
    top_p: 0.95,
    max_tokens: 256,
  });
  const answerText = closing.content.split(THINK_CLOSE).at(-1) ?? '';
  const boxed = /\\boxed\{([^{}]*)\}/.exec(answerText);
  return { steps, proposed, accepted, answer: boxed?.[1]?.trim() };
}
