/**
 * The combinations of server, API mode, template and model that cannot work, found from the
 * settings alone, each with the fix in its message. SpecReason continues a partial assistant
 * message on every step after the first and on every judge call; a backend that cannot do that
 * faithfully would fail or garble every turn, so the configuration is refused instead (every
 * request then answers with the message). Pure.
 *
 * Sources of each rule are cited where it is decided.
 */
import type {
  BackendSettings,
  OpenAICompatibleSettings,
  WorkersAiSettings,
} from './backend-settings.ts';

/** Workers AI models retired from the catalog, with the date they went. */
export const RETIRED_WORKERS_AI_MODELS: Readonly<Record<string, string>> = {
  '@cf/meta/llama-3.1-8b-instruct': '2026-05-30',
};

/** The draft to name in a fix: a current Qwen-family model, the family of the default base. */
export const SUGGESTED_WORKERS_AI_DRAFT = '@cf/qwen/qwen3-30b-a3b-fp8';

/** Every problem of the settings, as messages that end with what to set. */
export function findIncompatibilities(settings: BackendSettings): string[] {
  const problems = openAICompatibleProblems(settings.base);
  const { draft } = settings;
  problems.push(
    ...(draft.provider === 'workers-ai'
      ? workersAiProblems(draft)
      : openAICompatibleProblems(draft)),
  );
  return problems;
}

/** Whether the template (or, without one, the model name) opens a `<think>` block itself. */
function thinkingTemplateOf(settings: OpenAICompatibleSettings): string | undefined {
  const template = settings.chatTemplate;
  if (template === 'qwq' || template === 'deepseek-r1-distill') return template;
  if (template === undefined && /qwq|deepseek-r1|qwen3/i.test(settings.model)) {
    return `${settings.model} chat`;
  }
  return undefined;
}

function openAICompatibleProblems(settings: OpenAICompatibleSettings): string[] {
  const { prefix, server } = settings;
  const mode = `${prefix}_API_MODE=chat`;
  const useCompletions = `set ${prefix}_API_MODE=completions (with ${prefix}_CHAT_TEMPLATE)`;
  if (server === 'workers-ai') {
    // Its /ai/v1/chat/completions treats a final assistant message as context for a new reply,
    // and there is no /ai/v1/completions to send a raw prompt to.
    return [
      `${prefix}_SERVER=workers-ai cannot continue a partial assistant message (Workers AI's OpenAI-compatible API starts a new reply after it and has no completions endpoint): set ${prefix}_URL to a vLLM, SGLang or llama.cpp server`,
    ];
  }
  if (settings.mode !== 'chat') return [];
  const thinking = thinkingTemplateOf(settings);
  if (server === 'llama.cpp' && thinking !== undefined) {
    // ggml-org/llama.cpp tools/server/utils.hpp (7d77f0732, oaicompat_chat_params_parse): a final
    // assistant message is a prefill; with thinking enabled the request is refused ("Assistant
    // response prefill is incompatible with enable_thinking."), and with thinking off the
    // template's generation prompt (which closes an empty thinking block) precedes our prefix.
    return [
      `${mode} does not work with llama.cpp and the ${thinking} template (llama-server refuses an assistant prefill while thinking is on, and with thinking off puts a closed thinking block before it): ${useCompletions}`,
    ];
  }
  if (server === 'sglang' && thinking !== undefined) {
    // SGLang drops the final assistant message, renders the rest with add_generation_prompt=True
    // (which opens <think> for these templates) and appends the message's text, which opens
    // <think> again (sgl-project/sglang python/sglang/srt/entrypoints/openai/serving_chat.py
    // @ 0c078e6f42685e4918bd79a94a025261c7f38942, `_apply_jinja_template`).
    return [
      `${mode} does not work with SGLang and the ${thinking} template (SGLang renders the generation prompt before the continued message, so <think> is opened twice): ${useCompletions}`,
    ];
  }
  if (settings.chatTemplate === 'llama3' && server !== 'llama.cpp' && server !== 'sglang') {
    // The Llama 3 templates `| trim` every message, so under vLLM's continue_final_message the
    // prefix loses the blank line that ends each step; the model then opens with "\n\n", the
    // stop string, and the step comes back empty. llama.cpp and SGLang append the final message
    // to the rendered prompt untrimmed (sources above), so they are spared.
    return [
      `${mode} does not work with the llama3 template on ${server ?? 'this server'} (the template trims message content, so each continued step loses its closing blank line and comes back empty): ${useCompletions}`,
    ];
  }
  return [];
}

function workersAiProblems(settings: WorkersAiSettings): string[] {
  const problems: string[] = [];
  const retired = RETIRED_WORKERS_AI_MODELS[settings.model];
  if (retired !== undefined) {
    problems.push(
      `DRAFT_MODEL ${settings.model} was retired from Workers AI on ${retired}: set DRAFT_MODEL to a current model such as ${SUGGESTED_WORKERS_AI_DRAFT} (DRAFT_CHAT_TEMPLATE=qwq)`,
    );
  }
  if (settings.api === 'openai') {
    // The OpenAI-shaped input takes messages only; a final assistant message is a hint for a
    // new reply, not a prefix to continue (shared/reference/cloudflare.md §1.1).
    problems.push(
      'DRAFT_WORKERS_AI_API=openai cannot continue a partial assistant message (Workers AI starts a new reply after it): set DRAFT_WORKERS_AI_API=legacy with DRAFT_CHAT_TEMPLATE, so that steps are continued from a raw prompt',
    );
  }
  return problems;
}
