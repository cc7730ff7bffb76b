/**
 * Response ids: opaque to clients, and without a global index. An id encodes the conversation
 * and the turn it names; the tenant comes from the caller's key, and Durable Objects are named
 * by tenant and conversation, so another key's lookup lands in an object that does not hold the
 * conversation and answers 404. Output item ids derive from the response id.
 */
import { CONVERSATION_ID_PATTERN } from '../openai/schemas.ts';

const PREFIX = 'resp_';

export interface ResponseLocation {
  conversationId: string;
  turnId: number;
}

function toBase64Url(text: string): string {
  return btoa(text).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(token: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  try {
    return atob(token.replaceAll('-', '+').replaceAll('_', '/'));
  } catch {
    return undefined;
  }
}

export function responseId(location: ResponseLocation): string {
  return `${PREFIX}${toBase64Url(`${location.conversationId}.${location.turnId}`)}`;
}

/** The conversation and turn an id names, or `undefined` for anything we did not issue. */
export function parseResponseId(id: string): ResponseLocation | undefined {
  if (!id.startsWith(PREFIX)) return undefined;
  const decoded = fromBase64Url(id.slice(PREFIX.length));
  const match = decoded === undefined ? null : /^(.+)\.([1-9]\d{0,8})$/.exec(decoded);
  if (match === null) return undefined;
  const conversationId = match[1] as string;
  if (!CONVERSATION_ID_PATTERN.test(conversationId)) return undefined;
  return { conversationId, turnId: Number(match[2]) };
}

/** Ids of the output items of a response: one reasoning item, one message. */
export function outputItemIds(id: string): { reasoning: string; message: string } {
  const token = id.slice(PREFIX.length);
  return { reasoning: `rs_${token}`, message: `msg_${token}` };
}

/** Id of the `index`th input item of a response. */
export function inputItemId(id: string, index: number): string {
  return `msg_${id.slice(PREFIX.length)}_in${index}`;
}
