/**
 * The doctor's HTTP calls: JSON in, JSON (or text) out, a time limit, and the error message of
 * either error layout (nested `{"error":{…}}` or flat `{"message":…}`), never a throw for a
 * status. A network failure comes back as status 0 with the reason.
 */

/** A provider's JSON body, read field by field with optional chaining. */
// biome-ignore lint/suspicious/noExplicitAny: provider bodies are parsed loosely (house style)
export type LooseJson = any;

export interface Reply {
  /** HTTP status; 0 when no response came (refused, timed out). */
  status: number;
  /** The parsed JSON body, or undefined when it was not JSON. */
  json: LooseJson;
  /** The body as text, or the network error's message. */
  text: string;
}

export interface Target {
  /** The OpenAI-compatible base URL, ending in /v1. */
  baseUrl: string;
  apiKey?: string | undefined;
  timeoutMs: number;
}

export async function call(
  target: Target,
  path: string,
  body?: unknown,
  root = false,
): Promise<Reply> {
  const base = root ? new URL(target.baseUrl).origin : target.baseUrl.replace(/\/+$/, '');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (target.apiKey !== undefined) headers.authorization = `Bearer ${target.apiKey}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  try {
    const response = await fetch(`${base}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(target.timeoutMs),
    });
    const text = await response.text();
    let json: LooseJson;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, json, text };
  } catch (error) {
    const cause = error instanceof Error ? (error.cause ?? error) : error;
    return {
      status: 0,
      json: undefined,
      text: cause instanceof Error ? cause.message : String(cause),
    };
  }
}

/** A short description of a failed reply: status and the server's own message. */
export function describeFailure(reply: Reply): string {
  if (reply.status === 0) return `no response (${reply.text})`;
  const message =
    reply.json?.error?.message ?? reply.json?.message ?? reply.json?.detail ?? reply.text;
  const text = typeof message === 'string' ? message : JSON.stringify(message);
  return `status ${reply.status}: ${text.slice(0, 200)}`;
}
