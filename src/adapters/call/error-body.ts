/**
 * Loose reading of the error bodies backends send: the nested OpenAI envelope
 * (`{"error":{message,type,param,code}}`, vLLM ≥ 0.10.1, llama.cpp), the flat one
 * (`{"object":"error",message,…}`, older vLLM and SGLang), a bare `{"error":"text"}`, and the
 * Cloudflare API envelope (`{"errors":[{code,message}],"success":false}`). Never throws.
 */

/** What an error body said, each field only when present. */
export interface ErrorBodySummary {
  message: string | undefined;
  type: string | undefined;
  /** vLLM sends an int (the HTTP status), OpenAI a string, Cloudflare an internal int (3040). */
  code: string | number | undefined;
}

const EMPTY: ErrorBodySummary = { message: undefined, type: undefined, code: undefined };
const MAX_PLAIN_TEXT_CHARS = 300;

export function describeErrorBody(text: string): ErrorBodySummary {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const trimmed = text.trim();
    return {
      ...EMPTY,
      message: trimmed === '' ? undefined : trimmed.slice(0, MAX_PLAIN_TEXT_CHARS),
    };
  }
  return describeErrorValue(parsed);
}

/** The same reading for a value already parsed (an in-band stream chunk). */
export function describeErrorValue(value: unknown): ErrorBodySummary {
  if (!isRecord(value)) return EMPTY;
  const nested = value.error;
  if (isRecord(nested)) return summarize(nested);
  if (typeof nested === 'string') return { ...EMPTY, message: nested };
  const errors = value.errors;
  if (Array.isArray(errors) && isRecord(errors[0])) return summarize(errors[0]);
  return summarize(value);
}

/** Whether a parsed stream chunk is an error rather than data. */
export function isErrorChunk(value: unknown): boolean {
  if (!isRecord(value)) return false;
  if (value.error !== undefined && value.error !== null) return true;
  if (value.object === 'error') return true;
  return value.success === false && Array.isArray(value.errors);
}

function summarize(record: Record<string, unknown>): ErrorBodySummary {
  const code = record.code;
  return {
    message: typeof record.message === 'string' ? record.message : undefined,
    type: typeof record.type === 'string' ? record.type : undefined,
    code: typeof code === 'string' || typeof code === 'number' ? code : undefined,
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
