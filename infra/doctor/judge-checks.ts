/**
 * Checks of what the judge call needs from the base model: one token with at least 10 top
 * logprobs after the judge prefix, and (where `/tokenize` exists) that the score digit after
 * "score is: " is a token of its own and the chat template keeps the prefix's trailing space.
 */

import { createChatPromptRenderer } from '../../src/adapters/prompt/chat-prompt.ts';
import {
  JUDGE_INSTRUCTION,
  JUDGE_PREFIX,
  judgeMessages,
  renderProblem,
} from '../../src/core/prompts.ts';
import { type ApiMode, type CheckResult, fail, pass, skip, warn } from './check.ts';
import { call, describeFailure, type LooseJson, type Target } from './http.ts';
import { FIRST_STEP, PROBLEM } from './probe-prompts.ts';

const TOP_LOGPROBS = 10;

/** The first position's alternatives in either layout (chat list, completions dict). */
function alternatives(choice: LooseJson): string[] | undefined {
  const chat = choice?.logprobs?.content?.[0]?.top_logprobs;
  if (Array.isArray(chat)) return chat.map((item: { token: unknown }) => String(item.token));
  const dict = choice?.logprobs?.top_logprobs?.[0];
  if (dict !== null && typeof dict === 'object') return Object.keys(dict);
  return undefined;
}

export async function checkJudgeLogprobs(
  target: Target,
  model: string,
  mode: ApiMode,
  chatTemplate?: string | undefined,
): Promise<CheckResult> {
  const id = 'judge-logprobs';
  const common = { model, max_tokens: 1, temperature: 0 };
  const reply =
    mode === 'chat'
      ? await call(target, '/chat/completions', {
          ...common,
          messages: judgeMessages(PROBLEM, [FIRST_STEP]),
          continue_final_message: true,
          add_generation_prompt: false,
          logprobs: true,
          top_logprobs: TOP_LOGPROBS,
        })
      : await call(target, '/completions', {
          ...common,
          // Rendered as the Worker renders it when the template is known.
          prompt:
            chatTemplate === undefined
              ? `${renderProblem({ template: 'generic', text: 'What is 17*23+4?' })}\n${FIRST_STEP}\n\n${JUDGE_INSTRUCTION}\n${JUDGE_PREFIX}`
              : createChatPromptRenderer(chatTemplate)(judgeMessages(PROBLEM, [FIRST_STEP])),
          logprobs: TOP_LOGPROBS,
        });
  if (reply.status !== 200) {
    const aboutLogprobs = /logprob/i.test(reply.text);
    return fail(
      id,
      `1-token judge call with ${TOP_LOGPROBS} top logprobs: ${describeFailure(reply)}`,
      aboutLogprobs
        ? `The server refuses ${TOP_LOGPROBS} alternatives: start vLLM with --max-logprobs 20 (at least ${TOP_LOGPROBS}); llama.cpp returns up to n_probs.`
        : 'The judge call fails: see the checks above.',
    );
  }
  const choice = reply.json?.choices?.[0];
  const tokens = alternatives(choice);
  if (tokens === undefined || tokens.length === 0) {
    return fail(
      id,
      'the reply has no logprobs',
      'The judge scores from the top logprobs: use a server and settings that return them (vLLM, SGLang and llama.cpp do with logprobs/top_logprobs), and check that no proxy strips them.',
    );
  }
  if (tokens.length < TOP_LOGPROBS) {
    return fail(
      id,
      `${tokens.length} alternatives instead of ${TOP_LOGPROBS}`,
      `Raise the server's limit: vLLM --max-logprobs 20; llama.cpp n_probs / top_logprobs ≥ ${TOP_LOGPROBS}.`,
    );
  }
  const generated = reply.json?.usage?.completion_tokens;
  if (typeof generated === 'number' && generated > 1) {
    return warn(
      id,
      `${generated} tokens generated for max_tokens 1`,
      'The server ignores max_tokens: the judge call costs more than one prefill.',
    );
  }
  const digits = tokens.filter((token) => /^\s*\d\s*$/.test(token));
  if (digits.length === 0) {
    return warn(
      id,
      `no digit among the top ${tokens.length}: ${JSON.stringify(tokens.slice(0, 5))}`,
      'The model does not answer the judge prefix with a score: check the chat template (BASE_CHAT_TEMPLATE) keeps the assistant prefix, and that the model is an instruction-tuned reasoning model.',
    );
  }
  return pass(
    id,
    `${tokens.length} alternatives; top ${JSON.stringify(tokens[0])}; ${digits.length} digits`,
  );
}

/** vLLM's /tokenize shape first (`prompt`), then llama.cpp's (`content`) when that read nothing. */
async function tokenize(target: Target, body: Record<string, unknown>) {
  let reply = await call(target, '/tokenize', { ...body, return_token_strs: true }, true);
  const read = () => ({
    ids: Array.isArray(reply.json?.tokens) ? (reply.json.tokens as number[]) : undefined,
    strings: Array.isArray(reply.json?.token_strs)
      ? (reply.json.token_strs as string[])
      : undefined,
  });
  if (typeof body.prompt === 'string' && (read().ids ?? []).length === 0 && reply.status !== 404) {
    reply = await call(target, '/tokenize', { content: body.prompt }, true);
  }
  return { reply, ...read() };
}

export async function checkJudgeTokenization(target: Target, model: string): Promise<CheckResult> {
  const id = 'judge-tokenization';
  const prefix = await tokenize(target, { model, prompt: JUDGE_PREFIX });
  if (prefix.reply.status === 404 || prefix.reply.status === 405 || prefix.reply.status === 0) {
    return skip(
      id,
      `no /tokenize route (${describeFailure(prefix.reply)}); the scorer strips whitespace around the digit anyway`,
    );
  }
  const scored = await tokenize(target, { model, prompt: `${JUDGE_PREFIX}7` });
  if (prefix.ids === undefined || scored.ids === undefined || prefix.ids.length === 0) {
    return skip(id, `/tokenize answered without token ids (${describeFailure(prefix.reply)})`);
  }
  const own =
    scored.ids.length === prefix.ids.length + 1 &&
    prefix.ids.every((token, index) => scored.ids?.[index] === token);
  if (!own) {
    return warn(
      id,
      `"score is: 7" tokenizes as ${scored.ids.length} tokens against ${prefix.ids.length} without the digit: the digit merges with what precedes it`,
      'The judge\'s answer token will carry the space (" 7"): the scorer strips it, but use score_method greedy, or a model whose tokenizer splits digits (Qwen family).',
    );
  }
  const rendered = await tokenize(target, {
    model,
    messages: judgeMessages(PROBLEM, [FIRST_STEP]),
    add_generation_prompt: false,
    continue_final_message: true,
  });
  const last = rendered.strings?.at(-1);
  if (last !== undefined && !last.endsWith(' ')) {
    return warn(
      id,
      `the chat template trims the judge prefix: the prompt ends with ${JSON.stringify(last)}, not a space`,
      'The model will answer " 7" instead of "7": the scorer copes, but a template that keeps the trailing space (BASE_CHAT_TEMPLATE, or BASE_API_MODE=completions) matches the reference.',
    );
  }
  return pass(
    id,
    `the score digit is its own token${last === undefined ? '' : '; the rendered judge prompt ends with the space'}`,
  );
}
