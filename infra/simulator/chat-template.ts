/**
 * Chat templates, both ways. Rendering follows the Qwen/QwQ template (ChatML, an assistant
 * message keeps only the text after its last `</think>`, the generation prompt opens
 * `<think>\n`) or Llama 3 (headers, content trimmed), and `continue_final_message` cuts the
 * rendered text the way Hugging Face transformers does. Parsing turns a raw prompt (rendered by a
 * client for `/v1/completions` or Workers AI `raw: true`) back into messages and an open message.
 */

/** One chat message. */
export interface ChatMessage {
  role: string;
  content: string;
}

export type TemplateFamily = 'chatml' | 'llama3';

/** What a model sees: closed messages, the message it is writing, and the prompt text. */
export interface PromptView {
  /** Closed messages as the template left them. */
  messages: ChatMessage[];
  /** The message being written and the text already in it. */
  open: ChatMessage;
  /** The whole prompt, for token counts and the prefix cache. */
  text: string;
  /** `plain` when a raw prompt carried no chat markers. */
  family: TemplateFamily | 'plain';
}

/** Raised when a chat cannot be rendered (vLLM answers 400). */
export class TemplateError extends Error {
  override name = 'TemplateError';
}

const THINK_CLOSE = '</think>';

/** Renders `messages` the way vLLM's chat endpoint would, returning the model's view. */
export function renderChat(
  messages: readonly ChatMessage[],
  family: TemplateFamily,
  options: { addGenerationPrompt: boolean; continueFinalMessage: boolean },
): PromptView {
  const shown = messages.map((message) => ({
    role: message.role,
    content: templateContent(message, family),
  }));
  const closed = shown.map((message) => renderMessage(message, family));
  let text = (family === 'llama3' ? '<|begin_of_text|>' : '') + closed.join('');
  const final = messages.at(-1);
  if (options.continueFinalMessage && final !== undefined) {
    text = cutAtFinalMessage(text, final.content);
    const open = {
      role: final.role,
      content: text.slice(text.length - openLength(text, final.content)),
    };
    return { messages: shown.slice(0, -1), open, text, family };
  }
  if (options.addGenerationPrompt) {
    const prompt =
      family === 'llama3'
        ? '<|start_header_id|>assistant<|end_header_id|>\n\n'
        : '<|im_start|>assistant\n<think>\n';
    const opened = family === 'llama3' ? '' : '<think>\n';
    return {
      messages: shown,
      open: { role: 'assistant', content: opened },
      text: text + prompt,
      family,
    };
  }
  return { messages: shown, open: { role: 'assistant', content: '' }, text, family };
}

function templateContent(message: ChatMessage, family: TemplateFamily): string {
  if (family === 'llama3') return message.content.trim();
  if (message.role !== 'assistant') return message.content;
  return (message.content.split(THINK_CLOSE).at(-1) ?? '').replace(/^\n+/, '');
}

function renderMessage(message: ChatMessage, family: TemplateFamily): string {
  if (family === 'llama3') {
    return `<|start_header_id|>${message.role}<|end_header_id|>\n\n${message.content}<|eot_id|>`;
  }
  return `<|im_start|>${message.role}\n${message.content}<|im_end|>\n`;
}

/** Hugging Face's `continue_final_message` cut (render_jinja_template). */
function cutAtFinalMessage(rendered: string, final: string): string {
  const stripped = final.trim();
  const location = rendered.lastIndexOf(stripped);
  if (!rendered.includes(stripped)) {
    throw new TemplateError(
      'continue_final_message is set but the final message does not appear in the chat after ' +
        'applying the chat template! This can happen if the chat template deletes portions of ' +
        'the final message. Please verify the chat template and final message in your chat to ' +
        'ensure they are compatible.',
    );
  }
  const leftTrimmed = final.replace(/^\s+/, '');
  if (rendered.slice(location, location + leftTrimmed.length) === final) {
    return rendered.slice(0, location + leftTrimmed.length);
  }
  // "The message has trailing spacing that was trimmed, so we must be more cautious."
  return rendered.slice(0, location + stripped.length);
}

function openLength(text: string, final: string): number {
  const stripped = final.trim();
  const start = text.lastIndexOf(stripped);
  return stripped === '' ? 0 : text.length - start;
}

/** Reads a raw prompt back into the model's view; the last unclosed message is the open one. */
export function parseRawPrompt(text: string): PromptView {
  if (text.includes('<|im_start|>')) return parseSegments(text, 'chatml');
  if (text.includes('<|start_header_id|>')) return parseSegments(text, 'llama3');
  return {
    messages: [{ role: 'user', content: text }],
    open: { role: 'assistant', content: '' },
    text,
    family: 'plain',
  };
}

function parseSegments(text: string, family: TemplateFamily): PromptView {
  const opener = family === 'chatml' ? '<|im_start|>' : '<|start_header_id|>';
  const closer = family === 'chatml' ? '<|im_end|>' : '<|eot_id|>';
  const messages: ChatMessage[] = [];
  let open: ChatMessage = { role: 'assistant', content: '' };
  for (const segment of text.split(opener).slice(1)) {
    const header =
      family === 'chatml' ? segment.indexOf('\n') : segment.indexOf('<|end_header_id|>');
    if (header === -1) {
      open = { role: segment.trim() || 'assistant', content: '' };
      continue;
    }
    const role = segment.slice(0, header).trim();
    const body = segment.slice(header + (family === 'chatml' ? 1 : '<|end_header_id|>\n\n'.length));
    const end = body.indexOf(closer);
    if (end === -1) {
      open = { role, content: body };
    } else {
      messages.push({ role, content: body.slice(0, end) });
      open = { role: 'assistant', content: '' };
    }
  }
  return { messages, open, text, family };
}
