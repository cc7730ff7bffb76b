/**
 * Error bodies as each flavour writes them: vLLM's nested envelope (wire/vllm-errors.ts), SGLang's
 * flat `{"object": "error", …}`, llama.cpp's `{"error": {code, message, type}}`, and Cloudflare's
 * `{"errors": [{code, message}], "success": false, …}` for Workers AI.
 */
import { dumpJson, STARLETTE_STYLE } from '../wire/python-json.ts';
import { errorResponse } from '../wire/vllm-errors.ts';
import type { Server } from './flavour.ts';

/** A complete error response. */
export interface FlavourError {
  status: number;
  text: string;
}

/** Workers AI's internal code for a bad input (HTTP 400). */
export const WORKERS_AI_BAD_INPUT = 5006;
/** Cloudflare's "No route for that URI" (HTTP 404). */
export const CLOUDFLARE_NO_ROUTE = 7000;

export function flavourError(
  server: Server,
  status: number,
  message: string,
  workersAiCode = WORKERS_AI_BAD_INPUT,
): FlavourError {
  const type = status === 404 ? 'NotFoundError' : 'BadRequestError';
  switch (server) {
    case 'vllm':
      return { status, text: dumpJson(errorResponse(message, type, status).body, STARLETTE_STYLE) };
    case 'sglang':
      return {
        status,
        text: JSON.stringify({ object: 'error', message, type, param: null, code: status }),
      };
    case 'llama.cpp':
      return {
        status,
        text: JSON.stringify({
          error: {
            code: status,
            message,
            type: status === 404 ? 'not_found_error' : 'invalid_request_error',
          },
        }),
      };
    case 'workers-ai':
      return {
        status,
        text: JSON.stringify({
          errors: [{ code: workersAiCode, message }],
          success: false,
          result: {},
          messages: [],
        }),
      };
    default:
      return server satisfies never;
  }
}
