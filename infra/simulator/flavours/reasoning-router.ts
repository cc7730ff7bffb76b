/**
 * Where a reasoning model's text lands when the server runs a reasoning parser: vLLM's
 * `BaseThinkingReasoningParser` with its `deepseek_r1` and `qwen3` variants (SGLang's and
 * llama.cpp's parsers split the same way), behind vLLM's serving gate that skips the parser when
 * the prompt already closed thinking. Works on text: `<think>` and `</think>` are single tokens
 * here, so "the token is in the delta" and "the text is in the delta" agree.
 */
import type { ReasoningParser } from './flavour.ts';

const THINK_OPEN = '<think>';
const THINK_CLOSE = '</think>';

/** One routed delta; `content: null` is an explicitly set null (pydantic keeps it in the chunk). */
export interface RoutedDelta {
  reasoning?: string | undefined;
  content?: string | null | undefined;
}

/**
 * vLLM's `is_reasoning_end` on the prompt: walking back from the end, `</think>` before any
 * `<think>` means the prompt already closed thinking, and every output token is content.
 */
export function promptClosesThinking(prompt: string): boolean {
  return prompt.lastIndexOf(THINK_CLOSE) > prompt.lastIndexOf(THINK_OPEN);
}

/** What the deltas before the current one held; vLLM's `previous_token_ids` membership tests. */
interface SeenTags {
  open: boolean;
  close: boolean;
}

/** A streaming router for one request: feed each chunk's text in order; `undefined` = chunk dropped. */
export function createReasoningRouter(
  parser: ReasoningParser,
  prompt: string,
): (delta: string) => RoutedDelta | undefined {
  if (promptClosesThinking(prompt)) return (delta) => ({ content: delta });
  const route = parser === 'qwen3' ? routeQwen3 : routeDeepSeekR1;
  // Flags, not the text so far: a tag is one token, so it lies whole within one delta, and a
  // scan of everything streamed before would make each delta cost the length of the reply.
  const seen: SeenTags = { open: false, close: false };
  return (delta) => {
    const routed = route(seen, delta);
    seen.open ||= delta.includes(THINK_OPEN);
    seen.close ||= delta.includes(THINK_CLOSE);
    return routed;
  };
}

/** `DeepSeekR1ReasoningParser.extract_reasoning_content_streaming` over the base class. */
function routeDeepSeekR1(seen: SeenTags, delta: string): RoutedDelta | undefined {
  // "Skip single special tokens": a delta that is exactly one think tag is dropped.
  if (delta === THINK_OPEN || delta === THINK_CLOSE) return undefined;
  if (seen.open || !delta.includes(THINK_OPEN)) {
    if (delta.includes(THINK_CLOSE)) return splitAtClose(delta, false);
    if (seen.close) return { content: delta };
    return { reasoning: delta };
  }
  if (delta.includes(THINK_CLOSE)) {
    const start = delta.indexOf(THINK_OPEN) + THINK_OPEN.length;
    return splitAtClose(delta.slice(start), false);
  }
  return { reasoning: delta };
}

/** `Qwen3ReasoningParser.extract_reasoning_streaming`: `<think>` stripped, empty sides become null. */
function routeQwen3(seen: SeenTags, delta: string): RoutedDelta | undefined {
  const text = delta.includes(THINK_OPEN)
    ? delta.slice(delta.indexOf(THINK_OPEN) + THINK_OPEN.length)
    : delta;
  if (text.includes(THINK_CLOSE)) {
    const routed = splitAtClose(text, true);
    return routed.reasoning === undefined && routed.content === undefined ? undefined : routed;
  }
  if (seen.close) return { content: text };
  return { reasoning: text };
}

function splitAtClose(text: string, dropEmpty: boolean): RoutedDelta {
  const end = text.indexOf(THINK_CLOSE);
  const reasoning = text.slice(0, end);
  const content = text.slice(end + THINK_CLOSE.length);
  if (dropEmpty) {
    return {
      ...(reasoning === '' ? {} : { reasoning }),
      ...(content === '' ? {} : { content }),
    };
  }
  return { reasoning, content: content === '' ? null : content };
}

/** `extract_reasoning` on a whole, non-streamed output: `[reasoning, content]`, nulls as vLLM returns them. */
export function splitWholeOutput(
  prompt: string,
  output: string,
): [reasoning: string | null, content: string | null] {
  if (promptClosesThinking(prompt)) return [null, output];
  const opened = output.indexOf(THINK_OPEN);
  const text = opened === -1 ? output : output.slice(opened + THINK_OPEN.length);
  const end = text.indexOf(THINK_CLOSE);
  // No `</think>`: everything generated so far is reasoning (a truncated or unfinished thought).
  if (end === -1) return [text, null];
  const content = text.slice(end + THINK_CLOSE.length);
  return [text.slice(0, end), content === '' ? null : content];
}
