/**
 * Built-in chat templates (Jinja, rendered by `@huggingface/jinja`) for the prompt formats of the
 * model families we serve, written here from the formats themselves. `resolveChatTemplate`
 * turns a configured value (a built-in name or a template source) into template source.
 *
 * The formats, and the quirk each one keeps:
 * - `qwen2.5`: ChatML; a default system message when none is given; content verbatim.
 * - `qwq`: ChatML; an assistant message keeps only its text after the last `</think>` (with the
 *   leading newlines stripped); the generation prompt opens `<think>\n`.
 * - `deepseek-r1-distill`: `<｜User｜>`/`<｜Assistant｜>` turns after BOS and the system text; an
 *   assistant message keeps only its text after the last `</think>`; the generation prompt
 *   opens `<think>\n`.
 * - `llama3`: header-delimited turns; every content is trimmed (so a trailing space is lost).
 */

/** One built-in template and the BOS token its tokenizer defines. */
export interface BuiltInChatTemplate {
  source: string;
  /** The tokenizer's BOS text ('' when it has none); see `renderChatPrompt` on why it is left out. */
  bosToken: string;
}

const CHATML_TURN = `{{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>\\n' -}}`;

const QWEN_2_5 = `
{%- if messages[0].role != 'system' -%}
{{- '<|im_start|>system\\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\\n' -}}
{%- endif -%}
{%- for message in messages -%}${CHATML_TURN}{%- endfor -%}
{%- if add_generation_prompt -%}{{- '<|im_start|>assistant\\n' -}}{%- endif -%}`;

const QWQ = `
{%- for message in messages -%}
{%- if message.role == 'assistant' -%}
{%- set content = message.content.split('</think>')[-1].lstrip('\\n') -%}
{{- '<|im_start|>assistant\\n' + content + '<|im_end|>\\n' -}}
{%- else -%}${CHATML_TURN}{%- endif -%}
{%- endfor -%}
{%- if add_generation_prompt -%}{{- '<|im_start|>assistant\\n<think>\\n' -}}{%- endif -%}`;

const DEEPSEEK_R1_DISTILL = `
{%- set state = namespace(system='') -%}
{%- for message in messages -%}
{%- if message.role == 'system' -%}{%- set state.system = message.content -%}{%- endif -%}
{%- endfor -%}
{{- bos_token + state.system -}}
{%- for message in messages -%}
{%- if message.role == 'user' -%}{{- '<｜User｜>' + message.content -}}
{%- elif message.role == 'assistant' -%}
{%- set content = message.content -%}
{%- if '</think>' in content -%}{%- set content = content.split('</think>')[-1] -%}{%- endif -%}
{{- '<｜Assistant｜>' + content + '<｜end▁of▁sentence｜>' -}}
{%- endif -%}
{%- endfor -%}
{%- if add_generation_prompt -%}{{- '<｜Assistant｜><think>\\n' -}}{%- endif -%}`;

const LLAMA_3 = `
{{- bos_token -}}
{%- for message in messages -%}
{{- '<|start_header_id|>' + message.role + '<|end_header_id|>\\n\\n' + (message.content | trim) + '<|eot_id|>' -}}
{%- endfor -%}
{%- if add_generation_prompt -%}{{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' -}}{%- endif -%}`;

export const BUILT_IN_CHAT_TEMPLATES = {
  'qwen2.5': { source: QWEN_2_5, bosToken: '' },
  qwq: { source: QWQ, bosToken: '' },
  'deepseek-r1-distill': { source: DEEPSEEK_R1_DISTILL, bosToken: '<｜begin▁of▁sentence｜>' },
  llama3: { source: LLAMA_3, bosToken: '<|begin_of_text|>' },
} as const satisfies Record<string, BuiltInChatTemplate>;

export type BuiltInChatTemplateName = keyof typeof BUILT_IN_CHAT_TEMPLATES;

export function isBuiltInChatTemplateName(name: string): name is BuiltInChatTemplateName {
  return Object.hasOwn(BUILT_IN_CHAT_TEMPLATES, name);
}

/** The BOS text of a built-in template; '' for a template given as Jinja source. */
export function builtInBosToken(nameOrSource: string): string {
  return isBuiltInChatTemplateName(nameOrSource)
    ? BUILT_IN_CHAT_TEMPLATES[nameOrSource].bosToken
    : '';
}

/**
 * The template source for a configured value: a built-in name, or Jinja source (recognised by
 * its `{{` or `{%`). Throws a `TypeError` naming the built-ins for anything else.
 */
export function resolveChatTemplate(nameOrSource: string): string {
  if (isBuiltInChatTemplateName(nameOrSource)) return BUILT_IN_CHAT_TEMPLATES[nameOrSource].source;
  if (nameOrSource.includes('{{') || nameOrSource.includes('{%')) return nameOrSource;
  const names = Object.keys(BUILT_IN_CHAT_TEMPLATES).join(', ');
  throw new TypeError(
    `Unknown chat template "${nameOrSource}": use one of ${names}, or a Jinja template source`,
  );
}

/** The built-in template for a well-known model name, when the name says which family it is. */
export function guessChatTemplate(modelId: string): BuiltInChatTemplateName | undefined {
  const name = modelId.toLowerCase();
  if (name.includes('deepseek-r1-distill') || name.includes('deepseek-r1')) {
    return 'deepseek-r1-distill';
  }
  if (name.includes('qwq')) return 'qwq';
  if (name.includes('qwen2.5') || name.includes('qwen-2.5')) return 'qwen2.5';
  if (name.includes('llama-3') || name.includes('llama3')) return 'llama3';
  return undefined;
}
