/**
 * How each flavour turns a chat request into the prompt its model sees, or refuses it:
 * - vLLM renders as transformers does (`continue_final_message` continues the final message).
 * - SGLang always renders with the generation prompt and appends the final assistant message
 *   after it when `continue_final_message` is set, so a QwQ/R1 prefix that opens with `<think>`
 *   follows the template's own `<think>\n`.
 * - llama.cpp treats a final assistant message as a prefill: refused with thinking enabled, and
 *   with thinking off appended after a generation prompt that already closed thinking.
 * - Workers AI renders every message closed and opens a new assistant turn.
 * Every difference from the vLLM render that changes what the model continues is named in
 * `anomalies`, which the stats report, so a test can tell a silently degraded turn from a good one.
 */
import {
  type ChatMessage,
  type PromptView,
  parseRawPrompt,
  renderChat,
  TemplateError,
  type TemplateFamily,
} from '../chat-template.ts';
import { chatPreprocessingMessage, MESSAGES } from '../wire/vllm-profile.ts';
import { type FlavourError, flavourError } from './errors.ts';
import type { Flavour, ReasoningParser } from './flavour.ts';
import { workersAiAnomalies, workersAiInputProblem } from './workers-ai-schema.ts';

/** llama.cpp's refusal (tools/server/utils.hpp, oaicompat_chat_params_parse). */
export const PREFILL_WITH_THINKING =
  'Assistant response prefill is incompatible with enable_thinking.';

/** The Qwen3-style generation prompt with thinking turned off: thinking opened and closed empty. */
const CHATML_NO_THINKING_PROMPT = '<|im_start|>assistant\n<think>\n\n</think>\n\n';

export interface FlavouredChat {
  view: PromptView;
  /** What the model continues differs from the vLLM render; empty when it does not. */
  anomalies: string[];
  /** The parser routing the reply between `content` and the reasoning field, if any. */
  parser: ReasoningParser | undefined;
}

export interface ChatInput {
  messages: readonly ChatMessage[];
  addGenerationPrompt: boolean;
  continueFinalMessage: boolean;
  /** The raw request body, for fields vLLM's parser does not keep (`chat_template_kwargs`, `seed`, …). */
  body: Readonly<Record<string, unknown>>;
}

/** The prompt for `input` under `flavour`, or `{ error }` when the server refuses it. */
export function prepareFlavouredChat(
  flavour: Flavour,
  family: TemplateFamily,
  input: ChatInput,
): FlavouredChat | { error: FlavourError } {
  const final = input.messages.at(-1);
  const endsWithAssistant = final?.role === 'assistant';
  const before = input.messages.slice(0, -1);
  const openTurn = (messages: readonly ChatMessage[]) =>
    renderChat(messages, family, { addGenerationPrompt: true, continueFinalMessage: false });
  switch (flavour.server) {
    case 'vllm': {
      const refuse = (message: string) => ({
        error: flavourError('vllm', 400, chatPreprocessingMessage(message)),
      });
      if (input.addGenerationPrompt && input.continueFinalMessage)
        return refuse(MESSAGES.incompatibleFlags);
      try {
        const view = renderChat(input.messages, family, {
          addGenerationPrompt: input.addGenerationPrompt,
          continueFinalMessage: input.continueFinalMessage,
        });
        return { view, anomalies: [], parser: flavour.reasoningParser };
      } catch (error) {
        if (error instanceof TemplateError) return refuse(error.message);
        throw error;
      }
    }
    case 'sglang': {
      if (!(input.continueFinalMessage && endsWithAssistant)) {
        return { view: openTurn(input.messages), anomalies: [], parser: flavour.reasoningParser };
      }
      const text = openTurn(before).text + (final?.content ?? '');
      const anomalies = startsWithThinkTwice(text)
        ? ['doubled <think>: the prefix follows the generation prompt']
        : [];
      return { view: parseRawPrompt(text), anomalies, parser: flavour.reasoningParser };
    }
    case 'llama.cpp': {
      const thinking = flavour.thinking && enableThinking(input.body) !== false;
      const noThinking = (text: string) =>
        family === 'chatml' && text.endsWith('<|im_start|>assistant\n<think>\n')
          ? text.slice(0, -'<|im_start|>assistant\n<think>\n'.length) + CHATML_NO_THINKING_PROMPT
          : text;
      if (!endsWithAssistant) {
        const text = thinking
          ? openTurn(input.messages).text
          : noThinking(openTurn(input.messages).text);
        // reasoning_format defaults to deepseek: thinking goes to reasoning_content.
        return { view: parseRawPrompt(text), anomalies: [], parser: 'deepseek_r1' };
      }
      if (thinking) return { error: flavourError('llama.cpp', 400, PREFILL_WITH_THINKING) };
      const text = noThinking(openTurn(before).text) + (final?.content ?? '');
      const anomalies = text.includes(CHATML_NO_THINKING_PROMPT)
        ? ['</think> injected before the prefill']
        : [];
      // A prefill turns the reasoning format off: everything comes back as content.
      return { view: parseRawPrompt(text), anomalies, parser: undefined };
    }
    case 'workers-ai': {
      const problem = workersAiInputProblem(input.body, flavour.workersAiApi);
      if (problem !== undefined) return { error: flavourError('workers-ai', 400, problem) };
      const anomalies = workersAiAnomalies(input.body, flavour.workersAiApi, input.messages);
      return { view: openTurn(input.messages), anomalies, parser: undefined };
    }
    default:
      return flavour.server satisfies never;
  }
}

function enableThinking(body: Readonly<Record<string, unknown>>): boolean | undefined {
  const kwargs = body.chat_template_kwargs;
  if (typeof kwargs !== 'object' || kwargs === null) return undefined;
  const value = (kwargs as Record<string, unknown>).enable_thinking;
  return typeof value === 'boolean' ? value : undefined;
}

function startsWithThinkTwice(text: string): boolean {
  const opened = text.lastIndexOf('<|im_start|>assistant\n');
  return (
    opened !== -1 &&
    /^<think>\s*<think>/.test(text.slice(opened + '<|im_start|>assistant\n'.length))
  );
}
