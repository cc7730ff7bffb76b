/**
 * The playground's client for the SpecReason Edge API on the same origin: start a turn, follow
 * its events (SSE with Last-Event-ID), read a turn's trace and a conversation, cancel a turn.
 * Every call sends the key the user typed; errors arrive as `ApiFailure` with the API's message.
 */
import { readSse } from './sse-reader.js';

export class ApiFailure extends Error {
  /**
   * @param {string} message
   * @param {number} status
   */
  constructor(message, status) {
    super(message);
    this.name = 'ApiFailure';
    this.status = status;
  }
}

/** @param {Response} response */
async function failureOf(response) {
  let message = `The API answered ${response.status}`;
  try {
    const body = await response.json();
    if (typeof body?.error?.message === 'string') message = body.error.message;
  } catch {
    // not JSON: keep the status line
  }
  return new ApiFailure(message, response.status);
}

/** @param {() => string} readKey the API key as the user entered it */
export function createApi(readKey) {
  /** @param {Record<string, string>} [extra] */
  const headers = (extra = {}) => ({ authorization: `Bearer ${readKey()}`, ...extra });

  /**
   * @param {string} path
   * @param {RequestInit} [init]
   */
  async function json(path, init = {}) {
    const response = await fetch(path, { ...init, headers: headers() });
    if (!response.ok) throw await failureOf(response);
    return response.json();
  }

  return {
    /**
     * Starts a turn; resolves once the turn exists (its ids come back in headers). The chat
     * stream itself is not read: the page follows the richer turn events instead, and leaving
     * the stream does not stop the turn.
     * @param {Record<string, unknown>} body
     * @returns {Promise<{ conversationId: string, turnId: number }>}
     */
    async startTurn(body) {
      const controller = new AbortController();
      const response = await fetch('/v1/chat/completions', {
        method: 'POST',
        headers: headers({ 'content-type': 'application/json' }),
        body: JSON.stringify({ ...body, stream: true }),
        signal: controller.signal,
      });
      if (!response.ok) throw await failureOf(response);
      const conversationId = response.headers.get('x-conversation-id');
      const turnId = Number(response.headers.get('x-turn-id'));
      controller.abort();
      if (conversationId === null || !Number.isInteger(turnId) || turnId < 1) {
        throw new ApiFailure('The API did not say which turn it started', response.status);
      }
      return { conversationId, turnId };
    },

    /**
     * The turn's events after `lastEventId` (replay, then live) until the stream ends.
     * @param {string} conversationId
     * @param {number} turnId
     * @param {number} lastEventId
     * @param {AbortSignal} signal
     * @returns {AsyncGenerator<Record<string, any>>}
     */
    async *events(conversationId, turnId, lastEventId, signal) {
      const response = await fetch(
        `/v1/conversations/${encodeURIComponent(conversationId)}/turns/${turnId}/events`,
        { headers: headers({ 'last-event-id': String(lastEventId) }), signal },
      );
      if (!response.ok) throw await failureOf(response);
      if (response.body === null) return;
      for await (const message of readSse(response.body)) {
        yield JSON.parse(message.data);
      }
    },

    /** @param {string} conversationId @param {number} turnId */
    turn: (conversationId, turnId) =>
      json(`/v1/conversations/${encodeURIComponent(conversationId)}/turns/${turnId}`),

    /** @param {string} conversationId */
    conversation: (conversationId) =>
      json(`/v1/conversations/${encodeURIComponent(conversationId)}`),

    /** @param {string} conversationId @param {number} turnId */
    cancel: (conversationId, turnId) =>
      json(`/v1/conversations/${encodeURIComponent(conversationId)}/turns/${turnId}/cancel`, {
        method: 'POST',
      }),
  };
}
