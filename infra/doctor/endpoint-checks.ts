/**
 * Checks of an OpenAI-compatible endpoint that both models need: the model is served, the
 * assistant's thinking can be continued (chat `continue_final_message`, or raw completions),
 * and the step stop string `"\n\n"` is honoured.
 */
import { createChatPromptRenderer } from '../../src/adapters/prompt/chat-prompt.ts';
import { guessChatTemplate } from '../../src/adapters/prompt/chat-templates.ts';
import { STEP_SEPARATOR, stepMessages } from '../../src/core/prompts.ts';
import { type ApiMode, type CheckResult, fail, pass, warn } from './check.ts';
import { call, describeFailure, type Reply, type Target } from './http.ts';
import { FIRST_STEP, PROBLEM } from './probe-prompts.ts';

export async function checkModels(
  target: Target,
  wanted: string | undefined,
  envName: string,
): Promise<{ result: CheckResult; model: string | undefined }> {
  const reply = await call(target, '/models');
  const ids: string[] = Array.isArray(reply.json?.data)
    ? reply.json.data.map((card: { id: unknown }) => String(card.id))
    : [];
  if (reply.status !== 200 || ids.length === 0) {
    return {
      model: undefined,
      result: fail(
        'models',
        `GET ${target.baseUrl}/models: ${describeFailure(reply)}`,
        `Check that the URL ends in /v1, that the server is up, and the API key. ${envName}_URL must be this URL.`,
      ),
    };
  }
  if (wanted !== undefined && !ids.includes(wanted)) {
    return {
      model: undefined,
      result: fail(
        'models',
        `serves ${ids.join(', ')}; not "${wanted}"`,
        `Set ${envName}_MODEL to one of: ${ids.join(', ')}; or start vLLM with --served-model-name ${wanted}.`,
      ),
    };
  }
  const model = wanted ?? (ids[0] as string);
  if (wanted === undefined && ids.length > 1) {
    return {
      model,
      result: warn(
        'models',
        `serves ${ids.join(', ')}; checked "${model}"`,
        `Name the model to check (and set ${envName}_MODEL) when the server serves several.`,
      ),
    };
  }
  return { model, result: pass('models', `serves "${model}"`) };
}

/** What `checkModes` found: the mode the other checks should use, and the replies they can read. */
export interface Modes {
  results: CheckResult[];
  mode: ApiMode | undefined;
  completionsWork: boolean;
  /** The reply to the continued step in chat mode (`stepMessages(PROBLEM, [FIRST_STEP])`). */
  continued: Reply;
}

/** Chat continuation and raw completions; returns the mode the other checks should use. */
export async function checkModes(target: Target, model: string, envName: string): Promise<Modes> {
  const chat = await call(target, '/chat/completions', {
    model,
    messages: stepMessages(PROBLEM, [FIRST_STEP]),
    continue_final_message: true,
    add_generation_prompt: false,
    max_tokens: 8,
    temperature: 0,
  });
  const chatWorks = chat.status === 200 && Array.isArray(chat.json?.choices);
  const completions = await call(target, '/completions', {
    model,
    prompt: '1, 2, 3,',
    max_tokens: 4,
    temperature: 0,
  });
  const completionsWork = completions.status === 200 && Array.isArray(completions.json?.choices);
  const results: CheckResult[] = [];
  if (chatWorks) results.push(pass('chat-continuation', 'continue_final_message accepted'));
  else {
    const detail = `continue_final_message with add_generation_prompt false: ${describeFailure(chat)}`;
    // llama.cpp (tools/server/utils.hpp): a final assistant message is a prefill, refused while thinking is on.
    const prefillRefused = /prefill is incompatible with enable_thinking/i.test(chat.text);
    results.push(
      completionsWork
        ? warn(
            'chat-continuation',
            detail,
            prefillRefused
              ? `llama.cpp refuses an assistant prefill while thinking is on: set ${envName}_SERVER=llama.cpp, ${envName}_API_MODE=completions and ${envName}_CHAT_TEMPLATE=${guessChatTemplate(model) ?? 'qwq'} (turning thinking off instead makes llama.cpp insert </think> before the prefill).`
              : `Set ${envName}_API_MODE=completions (and ${envName}_CHAT_TEMPLATE if the model name does not suggest one), or use a server that continues a final assistant message (vLLM, SGLang with continue_final_message, llama.cpp's assistant prefill).`,
          )
        : fail(
            'chat-continuation',
            detail,
            'The server can neither continue an assistant message nor serve /v1/completions: use vLLM, SGLang or llama.cpp server.',
          ),
    );
  }
  if (completionsWork) results.push(pass('completions', '/v1/completions answers'));
  else {
    const detail = `POST /completions: ${describeFailure(completions)}`;
    results.push(
      chatWorks
        ? warn(
            'completions',
            detail,
            `Keep ${envName}_API_MODE=chat (completions mode needs this route).`,
          )
        : fail(
            'completions',
            detail,
            'Enable /v1/completions, or a server with chat continuation.',
          ),
    );
  }
  return {
    results,
    mode: chatWorks ? 'chat' : completionsWork ? 'completions' : undefined,
    completionsWork,
    continued: chat,
  };
}

/** A step request with stop `"\n\n"` must end before the blank line, with finish_reason stop. */
export async function checkStop(
  target: Target,
  model: string,
  mode: ApiMode,
  chatTemplate?: string | undefined,
): Promise<CheckResult> {
  const sampling = {
    max_tokens: 256,
    temperature: 0.6,
    top_p: 0.95,
    seed: 1,
    stop: [STEP_SEPARATOR],
  };
  const reply =
    mode === 'chat'
      ? await call(target, '/chat/completions', {
          model,
          messages: stepMessages(PROBLEM, [FIRST_STEP]),
          continue_final_message: true,
          add_generation_prompt: false,
          ...sampling,
        })
      : await call(target, '/completions', {
          model,
          prompt:
            chatTemplate === undefined
              ? `Question: what is 17*23+4? Think in short paragraphs.\n\n${FIRST_STEP}${STEP_SEPARATOR}`
              : createChatPromptRenderer(chatTemplate)(stepMessages(PROBLEM, [FIRST_STEP])),
          ...sampling,
        });
  const choice = reply.json?.choices?.[0];
  // With a reasoning parser on the server, a continued step comes back in the reasoning field.
  const message = choice?.message;
  const text: unknown =
    message === undefined
      ? choice?.text
      : `${message.reasoning_content ?? message.reasoning ?? ''}${message.content ?? ''}`;
  if (reply.status !== 200 || typeof text !== 'string') {
    return fail(
      'stop-strings',
      `step request with stop: ${describeFailure(reply)}`,
      'The step request itself fails: see the checks above.',
    );
  }
  if (text.includes(STEP_SEPARATOR)) {
    return fail(
      'stop-strings',
      `the reply runs past "\\n\\n" (${text.length} characters, finish_reason ${choice.finish_reason})`,
      'The server ignores `stop`. The adapters cut steps at "\\n\\n" themselves, but every step then costs extra tokens until the cut: use a server that honours `stop` (vLLM, SGLang, llama.cpp all do; check a proxy in between).',
    );
  }
  if (choice.finish_reason !== 'stop') {
    return warn(
      'stop-strings',
      `finish_reason ${choice.finish_reason} after ${text.length} characters: the model wrote no blank line within 256 tokens`,
      'Inconclusive: check that the model separates steps with blank lines (the prompt templates ask it to).',
    );
  }
  return pass('stop-strings', `stopped at "\\n\\n" after ${text.length} characters`);
}
