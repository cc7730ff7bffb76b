/**
 * Finds the final answer in a model's text: the last `\boxed{…}` or `\fbox{…}` (braces nested),
 * else the last `Answer:` line, else the last "the answer is …"; and, for multiple choice, the
 * option letter in any of those or in the closing paragraph. Pure string work.
 */
import { CHOICE_LETTERS, type ChoiceLetter } from '../datasets/problem.ts';

const BOX_COMMAND = /\\(?:boxed|fbox)/g;

/** The content of the last complete `\boxed{…}`/`\fbox{…}` (or `\boxed 5`), else undefined. */
export function extractLastBoxed(text: string): string | undefined {
  const starts = [...text.matchAll(BOX_COMMAND)].map((match) => match.index + match[0].length);
  for (const start of starts.reverse()) {
    const content = readBoxArgument(text, start);
    if (content !== undefined) return content.trim();
  }
  return undefined;
}

function readBoxArgument(text: string, start: number): string | undefined {
  let index = start;
  while (text[index] === ' ') index++;
  if (text[index] !== '{') {
    // `\boxed 5`: the argument runs to the next space or dollar sign.
    if (index === start) return undefined;
    const match = /^[^\s$]+/.exec(text.slice(index));
    return match?.[0];
  }
  let depth = 0;
  for (let cursor = index; cursor < text.length; cursor++) {
    const character = text[cursor];
    if (character === '\\') {
      cursor++;
      continue;
    }
    if (character === '{') depth++;
    if (character === '}' && --depth === 0) return text.slice(index + 1, cursor);
  }
  return undefined;
}

const ANSWER_LINE = /^[\s*#>_-]*(?:final\s+)?answer\s*(?:\*\*)?\s*[:：]\s*(?:\*\*)?\s*(.+)$/gim;
const ANSWER_IS =
  /\b(?:final|correct)?\s*(?:answer|option|choice)\s+is\s*:?\s*(.+?)(?:\.\s|\.?$)/gim;

/** The text after the last `Answer:` line, without markdown emphasis, dollars or a final period. */
export function extractAnswerLine(text: string): string | undefined {
  return lastCapture(text, ANSWER_LINE);
}

/** The text after the last "the answer is" (also "correct option is", "final answer is"). */
export function extractAnswerIs(text: string): string | undefined {
  return lastCapture(text, ANSWER_IS);
}

function lastCapture(text: string, pattern: RegExp): string | undefined {
  const matches = [...text.matchAll(pattern)];
  const captured = matches.at(-1)?.[1];
  if (captured === undefined) return undefined;
  const cleaned = captured.replace(/\*\*/g, '').replace(/^[\s$]+|[\s$.]+$/g, '');
  return cleaned === '' ? undefined : cleaned;
}

/** The final answer of a math response, or undefined when it gives none. */
export function extractMathAnswer(text: string): string | undefined {
  return extractLastBoxed(text) ?? extractAnswerLine(text) ?? extractAnswerIs(text);
}

/** The option letter a multiple-choice response picks, or undefined. */
export function extractChoiceLetter(text: string): ChoiceLetter | undefined {
  for (const candidate of [
    extractLastBoxed(text),
    extractAnswerLine(text),
    extractAnswerIs(text),
  ]) {
    const letter = candidate === undefined ? undefined : readLetter(candidate);
    if (letter !== undefined) return letter;
  }
  return closingParagraphLetter(text);
}

/** A letter at the start of an answer: `B`, `(B)`, `B)`, `B.`, `\text{(B)}`, `**B**`. */
export function readLetter(answer: string): ChoiceLetter | undefined {
  const unwrapped = answer
    .replace(/\\(?:text|textbf|mathrm|mathbf)\s*\{([^{}]*)\}/g, '$1')
    .replace(/[*$]/g, '')
    .trim();
  // Upper case only: "the answer is a bit longer" must not read as option A.
  const match = /^(?:[Oo]ption\s+|[Cc]hoice\s+)?\(?([A-D])(?:\)|\.|:|,|\s|$)/.exec(unwrapped);
  const letter = match?.[1];
  return isChoiceLetter(letter) ? letter : undefined;
}

/** The one option marker (`(B)` or `B)`) of the last paragraph, if it names exactly one. */
function closingParagraphLetter(text: string): ChoiceLetter | undefined {
  const paragraphs = text.split(/\n\s*\n/).filter((paragraph) => paragraph.trim() !== '');
  const last = paragraphs.at(-1)?.trim();
  if (last === undefined) return undefined;
  const bare = readLetter(last);
  if (bare !== undefined && last.replace(/[()*.\s]/g, '').length === 1) return bare;
  const markers = new Set([...last.matchAll(/(?:^|[\s(])\(?([A-D])\)/g)].map((match) => match[1]));
  const [only] = markers;
  return markers.size === 1 && isChoiceLetter(only) ? only : undefined;
}

function isChoiceLetter(text: string | undefined): text is ChoiceLetter {
  return text !== undefined && (CHOICE_LETTERS as readonly string[]).includes(text);
}
