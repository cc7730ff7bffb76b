/**
 * Checks of the server's dialect (issue 14): which server it is (the `*_SERVER` setting), whether
 * it runs a reasoning parser, whether its chat render of a continued message is the reference
 * prompt (SGLang doubles `<think>`, llama.cpp with thinking off inserts `</think>`, Llama 3
 * templates trim the step's blank line), and whether it enforces Workers AI's input limits.
 * Token counts in `usage` are the probe: they need no tokenizer and every server reports them.
 */

import { createChatPromptRenderer } from '../../src/adapters/prompt/chat-prompt.ts';
import { guessChatTemplate } from '../../src/adapters/prompt/chat-templates.ts';
import { stepMessages } from '../../src/core/prompts.ts';
import { type CheckResult, fail, pass, skip, warn } from './check.ts';
import type { Modes } from './endpoint-checks.ts';
import { call, describeFailure, type Reply, type Target } from './http.ts';
import { FIRST_STEP, PROBLEM } from './probe-prompts.ts';

export type ServerName = 'vllm' | 'sglang' | 'llama.cpp' | 'workers-ai';

/** Each server's own route, probed at the URL's origin, and what it names. */
const IDENTITY_ROUTES: readonly (readonly [path: string, server: ServerName])[] = [
  ['/props', 'llama.cpp'],
  ['/get_server_info', 'sglang'],
  ['/version', 'vllm'],
];

const CONTINUED = stepMessages(PROBLEM, [FIRST_STEP]);

export async function checkServer(
  target: Target,
  envName: string,
): Promise<{ result: CheckResult; server: ServerName | undefined }> {
  if (/\/ai\/v1\/?$/.test(target.baseUrl)) {
    return {
      server: 'workers-ai',
      result: fail(
        'server',
        "Workers AI's OpenAI-compatible API: it never continues a partial assistant message and has no /v1/completions",
        envName === 'BASE'
          ? 'Run the base model on vLLM, SGLang or llama.cpp server; Workers AI serves the draft (DRAFT_PROVIDER=workers-ai, DRAFT_WORKERS_AI_API=legacy, DRAFT_CHAT_TEMPLATE=qwq).'
          : 'Use DRAFT_PROVIDER=workers-ai with DRAFT_WORKERS_AI_API=legacy and DRAFT_CHAT_TEMPLATE=qwq instead of this URL.',
      ),
    };
  }
  for (const [path, server] of IDENTITY_ROUTES) {
    const reply = await call(target, path, undefined, true);
    if (reply.status === 200 && reply.json !== undefined) {
      return {
        server,
        result: pass('server', `${server} (answers GET ${path}): set ${envName}_SERVER=${server}`),
      };
    }
  }
  return {
    server: undefined,
    result: warn(
      'server',
      'no GET /props, /get_server_info or /version: not vLLM, SGLang or llama.cpp server, or behind a proxy',
      `Set ${envName}_SERVER to vllm, sglang or llama.cpp if it is one of them; otherwise leave it unset and follow the checks below.`,
    ),
  };
}

/** A continued step in chat mode (`checkModes`' reply): where does the text come back? */
export function checkReasoningParser(reply: Reply, envName: string): CheckResult {
  const message = reply.json?.choices?.[0]?.message;
  if (reply.status !== 200 || message === undefined)
    return skip('reasoning-parser', `skipped: ${describeFailure(reply)}`);
  const field = ['reasoning_content', 'reasoning'].find(
    (name) => typeof message[name] === 'string' && message[name] !== '',
  );
  if (field === undefined)
    return pass('reasoning-parser', 'continued thinking comes back in content');
  return warn(
    'reasoning-parser',
    `continued thinking comes back in \`${field}\`, not \`content\`: the server runs a reasoning parser`,
    `Turns still work (the adapters read both fields, in order), but the reference setup has none: restart without --reasoning-parser, or set ${envName}_API_MODE=completions (raw completions bypass the parser).`,
  );
}

/** Where a continued step ends: mid-sentence, so that a trailing space is a token of its own. */
const OPEN_PREFIX = `${CONTINUED.at(-1)?.content ?? ''}So`;

async function chatPromptTokens(target: Target, model: string, prefix: string) {
  const messages = [...CONTINUED.slice(0, -1), { role: 'assistant', content: prefix }];
  const reply = await call(target, '/chat/completions', {
    model,
    messages,
    continue_final_message: true,
    add_generation_prompt: false,
    max_tokens: 1,
    temperature: 0,
    seed: 1,
  });
  return promptTokens(reply);
}

function promptTokens(reply: Reply): number | undefined {
  const tokens: unknown = reply.json?.usage?.prompt_tokens;
  return typeof tokens === 'number' ? tokens : undefined;
}

/**
 * Whether the server's chat render of a continued step is the reference prompt: the continued
 * text keeps its trailing blank line, and (when the template is known and raw completions work)
 * the render has exactly as many tokens as the reference template rendered here.
 */
export async function checkPromptFidelity(
  target: Target,
  model: string,
  envName: string,
  chatTemplate: string | undefined,
  modes: Pick<Modes, 'completionsWork' | 'continued'>,
  server: ServerName | undefined,
): Promise<CheckResult> {
  const id = 'prompt-fidelity';
  const template = chatTemplate ?? guessChatTemplate(model);
  const rawSettings = `${envName}_API_MODE=completions and ${envName}_CHAT_TEMPLATE=${template ?? '<the model template>'}`;
  // A trailing space must add a token; a template that trims content drops it (and with it the
  // blank line after every step, so the next step opens with it and comes back empty).
  const plain = await chatPromptTokens(target, model, OPEN_PREFIX);
  const spaced = await chatPromptTokens(target, model, `${OPEN_PREFIX} `);
  if (plain === undefined || spaced === undefined)
    return skip(id, 'skipped: the chat reply has no usage.prompt_tokens');
  if (plain === spaced) {
    return fail(
      id,
      'the chat template trims the continued message (Llama 3 templates `| trim` content): the blank line after each step is lost',
      `Continue raw: set ${rawSettings}.`,
    );
  }
  // The continued step as it is (its blank line kept) is the prompt `checkModes` already sent.
  const withBlank = promptTokens(modes.continued);
  if (withBlank === undefined)
    return skip(id, 'skipped: the chat reply has no usage.prompt_tokens');
  if (template === undefined || !modes.completionsWork)
    return skip(
      id,
      'skipped: name the template (--base-chat-template) and serve /v1/completions to compare the render',
    );
  const reference = createChatPromptRenderer(template)(CONTINUED);
  const raw = await call(target, '/completions', {
    model,
    prompt: reference,
    max_tokens: 1,
    temperature: 0,
    seed: 1,
  });
  const rawTokens: unknown = raw.json?.usage?.prompt_tokens;
  if (typeof rawTokens !== 'number') return skip(id, `skipped: ${describeFailure(raw)}`);
  if (rawTokens === withBlank)
    return pass(id, `the chat render is the reference ${template} prompt (${withBlank} tokens)`);
  const extra = withBlank - rawTokens;
  const why =
    server === 'sglang'
      ? 'SGLang renders the generation prompt and appends the continued message after it, doubling <think>'
      : server === 'llama.cpp'
        ? 'llama.cpp with thinking off closes thinking (</think>) before the prefilled message'
        : extra > 0
          ? 'the server adds text before the continued message (a generation prompt, an injected </think>)'
          : 'the template drops part of the conversation';
  return fail(
    id,
    `the chat render has ${Math.abs(extra)} ${extra > 0 ? 'more' : 'fewer'} tokens than the reference ${template} prompt: ${why}`,
    `Continue raw: set ${server === undefined ? '' : `${envName}_SERVER=${server}, `}${rawSettings}.`,
  );
}

/** Workers AI's schema limits: seed 1–9999999999 and top_p ≥ 0.001 (others accept 0 and smaller). */
export async function checkSamplingLimits(
  target: Target,
  model: string,
  mode: 'chat' | 'completions',
): Promise<CheckResult> {
  const input =
    mode === 'chat' ? { messages: [{ role: 'user', content: 'Say OK.' }] } : { prompt: 'Say OK.' };
  const path = mode === 'chat' ? '/chat/completions' : '/completions';
  const refused: string[] = [];
  for (const [name, value] of [
    ['seed', 0],
    ['top_p', 0.0005],
  ] as const) {
    const reply = await call(target, path, { model, ...input, max_tokens: 1, [name]: value });
    if (reply.status === 400) refused.push(`${name} ${value} (${describeFailure(reply)})`);
  }
  if (refused.length === 0) return pass('sampling-limits', 'accepts seed 0 and top_p 0.0005');
  return warn(
    'sampling-limits',
    `refuses ${refused.join('; ')}: Workers AI's schema limits (seed 1–9999999999, top_p ≥ 0.001)`,
    'Nothing to set: the Worker sends seeds ≥ 1 and top_p ≥ 0.001. Any other client of this endpoint must stay in range too.',
  );
}
