/**
 * Joins the two text channels of a server that runs a reasoning parser back into the one text
 * the model generated. With `--reasoning-parser deepseek_r1` (or `qwen3`), vLLM and SGLang move
 * the text before `</think>` into `reasoning` / `reasoning_content` and the text after it into
 * `content`; a delta that holds only `</think>` is dropped, and a delta that crosses it arrives as
 * `reasoning=before, content=after` (vllm-project/vllm
 * vllm/reasoning/deepseek_r1_reasoning_parser.py @ 0172203d888c3cc8b5c9c78253a5cf45225a289b,
 * `extract_reasoning_content_streaming`). The core reads thinking and answer from one stream cut
 * at `</think>`, so the join restores it: reasoning first, then `</think>` at the switch to
 * content (unless the text already carries it), then content. Nothing else is touched.
 */
import { isRecord } from '../call/error-body.ts';

const THINK_CLOSE = '</think>';

/** The channels of one chat choice (a stream delta or a whole message). */
interface ChoiceChannels {
  reasoning: string;
  content: string;
}

/**
 * Reads the channels of a choice. `reasoning` (vLLM ≥ 0.10) and `reasoning_content` (older vLLM,
 * SGLang, llama.cpp) are the same text when a server sends both, so only one of them is taken.
 */
function channelsOf(choice: Record<string, unknown>): ChoiceChannels {
  const message = isRecord(choice.delta) ? choice.delta : choice.message;
  if (!isRecord(message)) return { reasoning: '', content: '' };
  return {
    reasoning: firstText(message.reasoning, message.reasoning_content),
    content: firstText(message.content),
  };
}

function firstText(...fields: unknown[]): string {
  for (const field of fields) if (typeof field === 'string' && field !== '') return field;
  return '';
}

/**
 * A reader for the choices of one streamed reply, in order: it remembers whether the text so
 * far came from the reasoning channel, to put `</think>` back where the server took it out.
 */
export function createChoiceTextReader(): (choice: Record<string, unknown>) => string {
  let isReasoning = false;
  let hasClosed = false;
  return (choice) => {
    if (typeof choice.text === 'string') return choice.text;
    const { reasoning, content } = channelsOf(choice);
    let text = '';
    if (reasoning !== '') {
      text += reasoning;
      isReasoning = true;
      if (reasoning.includes(THINK_CLOSE)) hasClosed = true;
    }
    if (content !== '') {
      if (isReasoning && !hasClosed && !content.trimStart().startsWith(THINK_CLOSE)) {
        text += THINK_CLOSE;
      }
      text += content;
      isReasoning = false;
      hasClosed = hasClosed || text.includes(THINK_CLOSE);
    }
    return text;
  };
}

/** The joined text of one whole (non-streamed) choice. */
export function readChoiceText(choice: Record<string, unknown>): string {
  return createChoiceTextReader()(choice);
}
