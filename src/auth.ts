/**
 * API keys: a presented key is hashed (SHA-256) and compared, in constant time, against every
 * configured hash; the match names the tenant. Keys never appear in configuration or logs,
 * only their hashes.
 */
import { ApiError } from './openai/errors.ts';

export interface Caller {
  tenant: string;
  /** sha256 of the key, hex: the rate-limit key and the only form ever logged. */
  keyHash: string;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Equal-length strings compared without an early exit. */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let position = 0; position < a.length; position += 1) {
    difference |= a.charCodeAt(position) ^ b.charCodeAt(position);
  }
  return difference === 0;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

export async function authenticate(
  authorization: string | undefined,
  keys: ReadonlyMap<string, string>,
): Promise<Caller> {
  const match = authorization === undefined ? null : BEARER.exec(authorization);
  if (match === null) {
    throw new ApiError({
      status: 401,
      message: 'Missing API key: send it as "Authorization: Bearer <key>".',
      code: 'missing_api_key',
    });
  }
  const keyHash = await sha256Hex(match[1] as string);
  let tenant: string | undefined;
  for (const [hash, owner] of keys) {
    // Every hash is compared, so timing does not depend on which one matches.
    if (constantTimeEqual(hash, keyHash)) tenant = owner;
  }
  if (tenant === undefined) {
    throw new ApiError({
      status: 401,
      message: 'Incorrect API key provided.',
      code: 'invalid_api_key',
    });
  }
  return { tenant, keyHash };
}
