/**
 * What the hostile-input and security suites check on every answer: never a 5xx, and every
 * refusal in the OpenAI error envelope; plus the number of conversations that exist, so a
 * refused request is seen to change nothing.
 */
import { listDurableObjectIds } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { expect } from 'vitest';

export interface ErrorBody {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

/** fast-check settings: a fixed seed, and more runs with RELIABILITY_SCALE=full. */
export function fuzzRuns(ciRuns: number): { seed: number; numRuns: number } {
  const scale = (env as unknown as Record<string, unknown>).RELIABILITY_SCALE;
  return { seed: 20_260_601, numRuns: scale === 'full' ? ciRuns * 5 : ciRuns };
}

/** Conversations (Durable Objects) that exist in this test file's storage. */
export async function conversationCount(): Promise<number> {
  return (await listDurableObjectIds(env.CONVERSATIONS)).length;
}

/**
 * Reads an answer that must not be a success: a 4xx whose body is exactly the OpenAI error
 * envelope, with a message and a type. Returns the error for further checks.
 */
export async function refusal(response: Response): Promise<ErrorBody & { status: number }> {
  const text = await response.text();
  expect(response.status, text).toBeGreaterThanOrEqual(400);
  expect(response.status, text).toBeLessThan(500);
  expect(response.headers.get('content-type')).toContain('application/json');
  const body = JSON.parse(text) as { error: ErrorBody };
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  expect(body.error.message).toBeTypeOf('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(body.error.type).toMatch(/_error$/);
  return { ...body.error, status: response.status };
}

/** A success or a well-formed refusal, never a server error. */
export async function answerOf(
  response: Response,
): Promise<{ status: number; error?: ErrorBody & { status: number } }> {
  expect(response.status).toBeLessThan(500);
  if (response.status < 400) {
    // Read to the end: a streamed turn then has finished, and leaves nothing running.
    await response.text();
    return { status: response.status };
  }
  return { status: response.status, error: await refusal(response) };
}
