/**
 * JSON as the pinned vLLM server writes it. Python draws a line between `int` and `float` that
 * JavaScript numbers do not, and prints floats two ways: `json.dumps` (non-stream bodies) uses
 * `float.__repr__` (`1e-05`, `-9999.0`), pydantic-core (stream chunks) uses the ryu style
 * (`0.00001`, `1e-7`, `-9999.0`). Floats are therefore wrapped in `PyFloat`; plain numbers must be
 * integers. Keys whose value is `undefined` are left out, which is how builders model
 * pydantic's `exclude_unset`. Use a `Map` for dicts whose keys may look like integers.
 */

/** A value Python holds as `float`. */
export class PyFloat {
  readonly value: number;
  constructor(value: number) {
    this.value = value;
  }
}

/** Shorthand for `new PyFloat(value)`. */
export const pyFloat = (value: number): PyFloat => new PyFloat(value);

export type PyJson =
  | null
  | boolean
  | number
  | string
  | PyFloat
  | readonly PyJson[]
  | ReadonlyMap<string, PyJson>
  | { readonly [key: string]: PyJson | undefined };

/** How to print: which float style, which separators, and whether non-ASCII is escaped. */
export interface DumpStyle {
  floats: 'python' | 'pydantic';
  /** `compact` = `(",", ":")`; `spaced` = Python's default `(", ", ": ")`. */
  separators: 'compact' | 'spaced';
  ensureAscii: boolean;
}

/** Starlette's `JSONResponse` (non-stream bodies). */
export const STARLETTE_STYLE: DumpStyle = {
  floats: 'python',
  separators: 'compact',
  ensureAscii: false,
};
/** `model_dump_json()` (stream chunks). */
export const PYDANTIC_STYLE: DumpStyle = {
  floats: 'pydantic',
  separators: 'compact',
  ensureAscii: false,
};
/** Plain `json.dumps(...)` (the in-band stream error). */
export const JSON_DUMPS_STYLE: DumpStyle = {
  floats: 'python',
  separators: 'spaced',
  ensureAscii: true,
};

/** Serializes `value` in `style`. */
export function dumpJson(value: PyJson, style: DumpStyle): string {
  const comma = style.separators === 'compact' ? ',' : ', ';
  const colon = style.separators === 'compact' ? ':' : ': ';
  const write = (item: PyJson): string => {
    if (item === null) return 'null';
    if (typeof item === 'boolean') return item ? 'true' : 'false';
    if (typeof item === 'string') return encodeString(item, style.ensureAscii);
    if (typeof item === 'number') {
      if (!Number.isInteger(item))
        throw new TypeError(`${item} is not an integer; wrap floats in PyFloat`);
      return String(item);
    }
    if (item instanceof PyFloat) {
      return style.floats === 'python'
        ? formatPythonFloat(item.value)
        : formatPydanticFloat(item.value);
    }
    if (Array.isArray(item)) return `[${item.map(write).join(comma)}]`;
    // A Map keeps insertion order for keys like "7" that a plain object would sort first.
    const source =
      item instanceof Map
        ? [...item.entries()]
        : Object.entries(item as Record<string, PyJson | undefined>);
    const entries = source.filter((entry): entry is [string, PyJson] => entry[1] !== undefined);
    return `{${entries.map(([key, entry]) => encodeString(key, style.ensureAscii) + colon + write(entry)).join(comma)}}`;
  };
  return write(value);
}

function encodeString(text: string, ensureAscii: boolean): string {
  const encoded = JSON.stringify(text);
  if (!ensureAscii) return encoded;
  return encoded.replace(
    /[^\x20-\x7e]/g,
    (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The shortest round-trip digits of |value| and the decimal exponent of the first digit. */
function shortestDigits(value: number): { digits: string; exponent: number } {
  const [mantissa = '0', exponent = '0'] = Math.abs(value).toExponential().split('e');
  return { digits: mantissa.replace('.', ''), exponent: Number(exponent) };
}

function requireFinite(value: number): void {
  // Both servers refuse NaN and infinities (allow_nan=False); logprobs are clamped before this.
  if (!Number.isFinite(value)) throw new RangeError(`${value} is not JSON-serializable`);
}

/** Python `repr(float)`: decimal for exponents -4..15, else `1.5e-05` / `1e+16`. */
export function formatPythonFloat(value: number): string {
  requireFinite(value);
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  const { digits, exponent } = shortestDigits(value);
  if (exponent >= -4 && exponent < 16) return sign + placeDecimalPoint(digits, exponent + 1);
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const magnitude = String(Math.abs(exponent)).padStart(2, '0');
  return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${magnitude}`;
}

/** pydantic-core (ryu) style: decimal for 1e-6 <= |x| < 1e21, else `1e-7` / `1.5e21`. */
export function formatPydanticFloat(value: number): string {
  requireFinite(value);
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  const { digits, exponent } = shortestDigits(value);
  const pointAt = exponent + 1;
  if (pointAt > -6 && pointAt <= 21) return sign + placeDecimalPoint(digits, pointAt);
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mantissa}e${exponent}`;
}

/** Writes `digits` with the decimal point after `pointAt` digits (may be <= 0 or past the end). */
function placeDecimalPoint(digits: string, pointAt: number): string {
  if (pointAt <= 0) return `0.${'0'.repeat(-pointAt)}${digits}`;
  if (pointAt >= digits.length) {
    return `${digits}${'0'.repeat(pointAt - digits.length)}.0`;
  }
  return `${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
}
