/**
 * Renders a conversation into one raw prompt with a chat template, as the server would for
 * chat requests: a final assistant message is continued the way HF transformers does for
 * `continue_final_message` (render with a sentinel appended to it and cut there), except that
 * its trailing spacing survives a template that trims; any other final message gets the
 * generation prompt.
 */
import { Template } from '@huggingface/jinja';
import type { ChatMessage } from '../../core/ports.ts';
import { STEP_SEPARATOR, THINK_CLOSE } from '../../core/prompts.ts';
import { resolveChatTemplate } from './chat-templates.ts';

/** Turns a conversation into the raw prompt text the model continues. */
export type ChatPromptRenderer = (messages: readonly ChatMessage[]) => string;

/** The sentinel HF transformers appends to the final message (trailing space included). */
export const CONTINUATION_SENTINEL = 'CONTINUE_FINAL_MESSAGE_TAG ';

export interface ChatPromptOptions {
  /**
   * The text given to the template as `bos_token`. Default '': servers add the tokenizer's BOS
   * themselves when they tokenize a raw prompt (vLLM `/v1/completions`, llama.cpp, Workers AI
   * `raw`), so rendering it too would double it.
   */
  bosToken?: string | undefined;
}

/**
 * Compiles the template once (a built-in name or Jinja source) and returns its renderer.
 * Throws a `TypeError` for an unknown name or a template that does not parse; the renderer
 * throws when the template fails or drops the final message it was asked to continue.
 */
export function createChatPromptRenderer(
  nameOrSource: string,
  options: ChatPromptOptions = {},
): ChatPromptRenderer {
  const source = resolveChatTemplate(nameOrSource);
  let template: Template;
  try {
    template = new Template(source);
  } catch (error) {
    throw new TypeError(`The chat template does not parse: ${describe(error)}`, { cause: error });
  }
  const bosToken = options.bosToken ?? '';
  const render = (messages: readonly ChatMessage[], addGenerationPrompt: boolean) =>
    template.render({
      messages: messages.map(({ role, content }) => ({ role, content })),
      add_generation_prompt: addGenerationPrompt,
      bos_token: bosToken,
    });

  return (messages) => {
    const last = messages.at(-1);
    if (last?.role !== 'assistant') return render(messages, true);
    const tagged = [
      ...messages.slice(0, -1),
      { role: last.role, content: last.content + CONTINUATION_SENTINEL },
    ];
    const rendered = render(tagged, false);
    const exact = rendered.lastIndexOf(CONTINUATION_SENTINEL);
    if (exact !== -1) return rendered.slice(0, exact);
    // The template trims message content (Llama 3's `| trim`): the spacing it took from the end
    // of the continued message is put back, since a step ends with the blank line that separates
    // it from the next one; without it the model opens with "\n\n", the stop string, and the
    // step comes back empty (issue 14). Earlier messages stay as the template renders them.
    const trimmed = rendered.lastIndexOf(CONTINUATION_SENTINEL.trim());
    if (trimmed !== -1) {
      const trailing = /\s*$/.exec(last.content)?.[0] ?? '';
      return rendered.slice(0, trimmed).trimEnd() + trailing;
    }
    throw new Error(
      'The chat template does not render the final assistant message, so it cannot be continued',
    );
  };
}

/**
 * A rendered continuation with the thinking closed when the request asks for it
 * (`GenerateRequest.closeThinking`): `</think>` and a blank line, the way the Qwen-family
 * templates separate thinking from the answer, so the model writes only the answer.
 */
export function closeThinkingIn(prompt: string, request: { closeThinking?: boolean | undefined }) {
  return request.closeThinking === true ? `${prompt}${THINK_CLOSE}${STEP_SEPARATOR}` : prompt;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
