/**
 * Python's `repr` of JSON-like values, for the one place the pinned server prints Python objects
 * into a message: request validation errors (`str(exc.errors())`, FastAPI + pydantic v2).
 */
import { formatPythonFloat } from './python-json.ts';

/** A Python value: JSON plus tuples and an exception instance. */
export type PythonValue =
  | null
  | boolean
  | number
  | string
  | readonly PythonValue[]
  | { tuple: readonly PythonValue[] }
  | { exception: string; message: string }
  | { [key: string]: PythonValue };

/** `repr(value)`; numbers that are integers print as `int`, others as `float`. */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number')
    return Number.isInteger(value) ? String(value) : formatPythonFloat(value);
  if (typeof value === 'string') return reprString(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.tuple) && Object.keys(record).length === 1) {
    const items = record.tuple.map(pythonRepr);
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  if (
    typeof record.exception === 'string' &&
    typeof record.message === 'string' &&
    Object.keys(record).length === 2
  ) {
    return `${record.exception}(${reprString(record.message)})`;
  }
  return `{${Object.entries(record)
    .map(([key, item]) => `${reprString(key)}: ${pythonRepr(item)}`)
    .join(', ')}}`;
}

function reprString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let body = '';
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (character === '\\') body += '\\\\';
    else if (character === quote) body += `\\${quote}`;
    else if (character === '\n') body += '\\n';
    else if (character === '\r') body += '\\r';
    else if (character === '\t') body += '\\t';
    else if (code < 0x20 || code === 0x7f) body += `\\x${code.toString(16).padStart(2, '0')}`;
    else body += character;
  }
  return quote + body + quote;
}
