/**
 * The routes a client can tell the servers apart by, served only when a model has that flavour:
 * vLLM's `GET /version`, llama.cpp's `GET /props` (its template and build) and SGLang's
 * `GET /get_server_info`. Workers AI has none of them (its API lives under the account).
 */
import type { ServerResponse } from 'node:http';
import { sendText } from '../http-util.ts';
import type { SimulatorState } from '../state.ts';
import { VLLM_VERSION } from '../wire/vllm-profile.ts';
import type { Server } from './flavour.ts';

const IDENTITY: Readonly<Record<string, { server: Server; body: () => unknown }>> = {
  '/version': { server: 'vllm', body: () => ({ version: VLLM_VERSION }) },
  '/props': {
    server: 'llama.cpp',
    body: () => ({ build_info: 'b6000-simulated', chat_template: '(the model template)' }),
  },
  '/get_server_info': { server: 'sglang', body: () => ({ version: '0.5.0-simulated' }) },
};

/** Answers an identity route when some model has its flavour; false when the path is not one. */
export function handleIdentity(
  state: SimulatorState,
  path: string,
  response: ServerResponse,
): boolean {
  const identity = IDENTITY[path];
  if (identity === undefined) return false;
  const served = Object.values(state.flavours.all()).some(
    (flavour) => flavour.server === identity.server,
  );
  if (served) sendText(response, 200, JSON.stringify(identity.body()));
  else sendText(response, 404, JSON.stringify({ detail: 'Not Found' }));
  return true;
}
