/**
 * Reads the structure of a normalised answer: a scalar, an ordered tuple or interval (with its
 * bracket kinds), an unordered set or list, a union of intervals, or a matrix. Equivalence
 * compares shapes first and then their elements. Pure string work.
 */

/** The structure of an answer and its elements, still as LaTeX strings. */
export type AnswerShape =
  | { kind: 'scalar'; text: string }
  /** `(a,b)`, `[a,b)`, `(a,b,c)`: order matters, and so do the brackets. */
  | { kind: 'ordered'; open: string; close: string; items: string[] }
  /** `\{a,b\}` or a bare `a, b`: order does not matter. */
  | { kind: 'unordered'; items: string[] }
  /** `I \cup J`: a union of intervals, in any order. */
  | { kind: 'union'; parts: AnswerShape[] }
  /** `\begin{pmatrix}…\end{pmatrix}` (any matrix environment): rows of cells. */
  | { kind: 'matrix'; rows: string[][] };

const MATRIX = /^\\begin\{([pbvBV]?matrix|array)\}(?:\{[^{}]*\})?(.*)\\end\{\1\}$/s;

export function readShape(text: string): AnswerShape {
  const matrix = MATRIX.exec(text);
  if (matrix !== null) {
    const rows = splitTopLevel(matrix[2] ?? '', '\\\\').filter((row) => row.trim() !== '');
    return { kind: 'matrix', rows: rows.map((row) => splitTopLevel(row, '&')) };
  }
  const unionParts = splitTopLevel(text, '\\cup');
  if (unionParts.length > 1) return { kind: 'union', parts: unionParts.map(readShape) };
  if (text.startsWith('\\{') && text.endsWith('\\}') && enclosesAll(text, 2)) {
    return { kind: 'unordered', items: splitTopLevel(text.slice(2, -2), ',') };
  }
  const open = text[0];
  const close = text.at(-1);
  if ((open === '(' || open === '[') && (close === ')' || close === ']') && enclosesAll(text, 1)) {
    const items = splitTopLevel(text.slice(1, -1), ',');
    if (items.length > 1) return { kind: 'ordered', open, close, items };
    if (open === '(' && close === ')') return readShape(text.slice(1, -1));
  }
  const items = splitTopLevel(text, ',');
  if (items.length > 1) return { kind: 'unordered', items };
  return { kind: 'scalar', text };
}

/**
 * Splits at `separator` where no bracket, brace or parenthesis is open. `(` may close with `]`
 * and `[` with `)`, as half-open intervals do.
 */
export function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (character === '\\' && text.startsWith(separator, index) && depth === 0) {
      parts.push(text.slice(start, index));
      index += separator.length - 1;
      start = index + 1;
      continue;
    }
    if (character === '\\') {
      const next = text[index + 1];
      if (next === '{') depth++;
      if (next === '}') depth--;
      index++;
      continue;
    }
    if (character === '{' || character === '(' || character === '[') depth++;
    else if (character === '}' || character === ')' || character === ']') depth--;
    else if (depth === 0 && text.startsWith(separator, index)) {
      parts.push(text.slice(start, index));
      index += separator.length - 1;
      start = index + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim());
}

/** True when the opening delimiter of `width` characters closes only at the very end. */
function enclosesAll(text: string, width: number): boolean {
  const inner = text.slice(width, -width);
  let depth = 0;
  for (let index = 0; index < inner.length; index++) {
    const character = inner[index];
    if (character === '\\') {
      const next = inner[index + 1];
      if (next === '{') depth++;
      if (next === '}') depth--;
      index++;
    } else if (character === '{' || character === '(' || character === '[') depth++;
    else if (character === '}' || character === ')' || character === ']') depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}
