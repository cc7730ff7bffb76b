/**
 * Hostile sizes, bytes and headers (fast-check, fixed seed): prompts around the character
 * limit in one- to four-byte characters, bodies past the byte limit (413, announced or streamed),
 * invalid UTF-8 inside a request, and arbitrary Authorization, Content-Type and
 * X-Conversation-Id headers. Never a 5xx; refusals are the OpenAI envelope and change nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call, useFakeBackend } from '../../worker/helpers.ts';
import { answerOf, conversationCount, fuzzRuns, refusal } from './api.ts';

/** The defaults of MAX_PROMPT_CHARS and MAX_BODY_BYTES (the local environment keeps them). */
const MAX_PROMPT_CHARS = 200_000;
const MAX_BODY_BYTES = 1_048_576;

useFakeBackend({ answerAt: 1 });

const encoder = new TextEncoder();

function postBytes(body: BodyInit, headers: Record<string, string> = {}) {
  return call('/v1/chat/completions', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
    // The development key, unless the test sends its own Authorization.
    key: 'authorization' in headers ? null : undefined,
  });
}

function requestWith(content: string): string {
  return JSON.stringify({ model: 'specreason', messages: [{ role: 'user', content }] });
}

describe('oversized prompts and bodies', () => {
  it('refuses prompts past the character limit (400) and bodies past the byte limit (413)', async () => {
    const character = fc.constantFrom('a', 'é', '€', '😀');
    const length = fc.integer({ min: MAX_PROMPT_CHARS - 2_000, max: 400_000 });
    await fc.assert(
      fc.asyncProperty(character, length, async (unit, repeat) => {
        const content = unit.repeat(Math.ceil(repeat / unit.length));
        const body = requestWith(content);
        const before = await conversationCount();
        const answer = await answerOf(await postBytes(body));
        if (encoder.encode(body).length > MAX_BODY_BYTES) {
          expect(answer.error).toMatchObject({ status: 413, code: 'request_too_large' });
        } else if (content.length > MAX_PROMPT_CHARS) {
          expect(answer.error).toMatchObject({
            status: 400,
            param: 'messages',
            code: 'context_length_exceeded',
          });
        } else {
          expect(answer.status).toBe(200);
          return;
        }
        expect(await conversationCount()).toBe(before);
      }),
      fuzzRuns(40),
    );
  });

  it('refuses a streamed body past the byte limit even without a content-length', async () => {
    const chunk = encoder.encode(' '.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX_BODY_BYTES + chunk.length) controller.close();
        else {
          sent += chunk.length;
          controller.enqueue(chunk);
        }
      },
    });
    const before = await conversationCount();
    const error = await refusal(await postBytes(stream));
    expect(error).toMatchObject({ status: 413, code: 'request_too_large' });
    expect(await conversationCount()).toBe(before);
  });
});

describe('invalid UTF-8', () => {
  it('never answers bytes that are not UTF-8 with a server error', async () => {
    const prefix = encoder.encode('{"model":"specreason","messages":[{"role":"user","content":"');
    const suffix = encoder.encode('"}]}');
    const hostileBytes = fc
      .uint8Array({ minLength: 1, maxLength: 40 })
      .map((bytes) => bytes.map((byte) => (byte === 0x22 || byte === 0x5c ? 0xff : byte | 0x80)));
    await fc.assert(
      fc.asyncProperty(hostileBytes, async (bytes) => {
        const body = new Uint8Array([...prefix, ...bytes, ...suffix]);
        const answer = await answerOf(await postBytes(body));
        expect([200, 400]).toContain(answer.status);
      }),
      fuzzRuns(40),
    );
  });
});

/** Header values a client can send: visible ASCII (workerd re-encodes anything beyond it). */
const headerValue = fc
  .string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)) })
  .filter((value) => value.trim() === value);

describe('hostile headers', () => {
  it('refuses any Authorization but a known key with a 401, creating nothing', async () => {
    await fc.assert(
      fc.asyncProperty(headerValue, async (authorization) => {
        const before = await conversationCount();
        const error = await refusal(
          await postBytes(requestWith('What is 2+3?'), { authorization }),
        );
        expect(error).toMatchObject({ status: 401, type: 'authentication_error' });
        expect(await conversationCount()).toBe(before);
      }),
      fuzzRuns(100),
    );
  });

  it('answers any Content-Type with a turn or a 400, never a server error', async () => {
    await fc.assert(
      fc.asyncProperty(headerValue, async (contentType) => {
        const answer = await answerOf(
          await postBytes(requestWith('What is 2+3?'), { 'content-type': contentType }),
        );
        // 415 when no media type can be read from it at all.
        expect([200, 400, 415]).toContain(answer.status);
      }),
      fuzzRuns(60),
    );
  });

  it('refuses an X-Conversation-Id that names no conversation of the caller, creating nothing', async () => {
    await fc.assert(
      fc.asyncProperty(headerValue, async (conversation) => {
        fc.pre(conversation !== '');
        const before = await conversationCount();
        const error = await refusal(
          await postBytes(requestWith('What is 2+3?'), { 'x-conversation-id': conversation }),
        );
        expect(error.param).toBe('conversation_id');
        if (/^[A-Za-z0-9_-]{1,64}$/.test(conversation)) {
          // Well formed: the conversation's object was asked and said it has no such
          // conversation; it still has none.
          expect(error.status).toBe(404);
          expect((await call(`/v1/conversations/${conversation}`)).status).toBe(404);
        } else {
          expect(error.status).toBe(400);
          expect(await conversationCount()).toBe(before);
        }
      }),
      fuzzRuns(100),
    );
  });
});
