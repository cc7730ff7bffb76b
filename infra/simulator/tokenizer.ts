/**
 * A deterministic stand-in for a Qwen2-family BPE tokenizer, good for counting and for logprob
 * tokens: the real pre-tokenizer split (digits one per token, a space before a digit its own
 * token, punctuation runs with trailing newlines, `\n\n` as one token), special tokens kept whole,
 * and long words cut into pieces so English averages about four characters per token. Token ids
 * are stable hashes, with the well-known Qwen ids where it matters (digits, space, newlines,
 * chat markers). The same function counts prompts, splits outputs and feeds the prefix cache.
 */
import { hashParts } from './rng.ts';

/** One token: its id and the text it decodes to. */
export interface Token {
  id: number;
  text: string;
}

/** Tokens that are never split, with their ids in the Qwen2.5 / QwQ / Llama 3 vocabularies. */
export const SPECIAL_TOKEN_IDS: Readonly<Record<string, number>> = {
  '<|endoftext|>': 151643,
  '<|im_start|>': 151644,
  '<|im_end|>': 151645,
  '<think>': 151667,
  '</think>': 151668,
  '<|begin_of_text|>': 128000,
  '<|start_header_id|>': 128006,
  '<|end_header_id|>': 128007,
  '<|eot_id|>': 128009,
};

/** The end-of-sequence token a chat model emits when its message is complete. */
export const END_OF_MESSAGE: Token = { id: 151645, text: '<|im_end|>' };

const KNOWN_IDS: Readonly<Record<string, number>> = {
  ' ': 220,
  '\n': 198,
  '\n\n': 271,
  '.': 13,
  ',': 11,
  ':': 25,
};

const SPECIAL_PATTERN = new RegExp(
  `(${Object.keys(SPECIAL_TOKEN_IDS)
    .map((token) => token.replace(/[|[\]]/g, '\\$&'))
    .join('|')})`,
);

// The Qwen2 pre-tokenizer regex (tokenizer.json), written for JavaScript's `u` flag.
const PRETOKEN_PATTERN =
  /'(?:[sStTmMdD]|[rR][eE]|[vV][eE]|[lL][lL])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+/gu;

/** Longest piece of a word kept as one token; longer words are cut as BPE merges would. */
const MAX_WORD_PIECE = 8;
const MAX_SYMBOL_PIECE = 4;

/** Splits `text` into tokens; concatenating their texts gives back `text`. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const part of text.split(SPECIAL_PATTERN)) {
    if (part === '') continue;
    const special = SPECIAL_TOKEN_IDS[part];
    if (special !== undefined) {
      tokens.push({ id: special, text: part });
      continue;
    }
    for (const match of part.matchAll(PRETOKEN_PATTERN)) {
      for (const piece of splitPretoken(match[0])) tokens.push({ id: tokenId(piece), text: piece });
    }
  }
  return tokens;
}

/** The number of tokens in `text`. */
export function countTokens(text: string): number {
  return tokenize(text).length;
}

function splitPretoken(pretoken: string): string[] {
  const isWord = /\p{L}/u.test(pretoken);
  const limit = isWord ? MAX_WORD_PIECE : MAX_SYMBOL_PIECE;
  const characters = [...pretoken];
  if (characters.length <= limit || /^\s+$/.test(pretoken)) return [pretoken];
  const pieces: string[] = [];
  // Real merges keep a common stem together and leave a short suffix; a fixed cut is close enough.
  const first = isWord ? Math.min(limit, Math.ceil(characters.length / 2) + 1) : limit;
  pieces.push(characters.slice(0, first).join(''));
  for (let index = first; index < characters.length; index += limit - 2) {
    pieces.push(characters.slice(index, index + limit - 2).join(''));
  }
  return pieces;
}

/** The id of an ordinary token: Qwen's for digits and common whitespace, else a stable hash. */
export function tokenId(text: string): number {
  const known = KNOWN_IDS[text];
  if (known !== undefined) return known;
  if (/^\p{N}$/u.test(text) && text >= '0' && text <= '9') return 15 + Number(text);
  return 1000 + (hashParts('token', text) % 150000);
}
