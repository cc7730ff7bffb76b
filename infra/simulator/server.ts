/**
 * The simulator's HTTP server (node:http): routes vLLM's OpenAI-compatible API, the Workers AI
 * REST shape and the `/sim/` routes to their handlers, answers unknown routes as FastAPI does,
 * and turns an unexpected exception into vLLM's 500 envelope. `POST /sim/kill` stops this server
 * as a crashed GPU server stops (replicas.ts's `kill`, from outside the process).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimulatorConfig } from './config.ts';
import { type Clock, systemClock } from './engine.ts';
import { handleFlavour } from './flavours/flavour-route.ts';
import { handleIdentity } from './flavours/identity-routes.ts';
import { readBody, sendText } from './http-util.ts';
import { handleHealth, handleModels, handleTokenize } from './routes/info.ts';
import { handleChat, handleCompletion } from './routes/openai.ts';
import { errorText } from './routes/openai-shapes.ts';
import { handleFaults, handleStats, handleStatsReset, handleWorld } from './routes/sim.ts';
import { handleWorkersAi } from './routes/workers-ai.ts';
import { createState, type SimulatorState } from './state.ts';
import { errorResponse } from './wire/vllm-errors.ts';

/** A simulator instance: its state, and the server once listening. */
export interface Simulator {
  state: SimulatorState;
  server: Server;
  /** Starts listening (port 0 picks a free one); resolves to the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

const WORKERS_AI_ROUTE = /^\/client\/v4\/accounts\/[^/]+\/ai\/run\/(.+)$/;
const WORLD_ROUTE = /^\/sim\/worlds\/([^/]+)$/;
const WORKERS_AI_OPENAI_CHAT = /^\/client\/v4\/accounts\/[^/]+\/ai\/v1\/chat\/completions$/;
const WORKERS_AI_OPENAI_COMPLETIONS = /^\/client\/v4\/accounts\/[^/]+\/ai\/v1\/completions$/;

export function createSimulator(config: SimulatorConfig, clock: Clock = systemClock): Simulator {
  const state = createState(config, clock);
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      // A second close (a replica killed through /sim/kill, then its set closed) only reports
      // that the server is not running.
      server.close(() => resolve());
    });
  const server = createServer((request, response) => {
    route(state, request, response, close).catch((error: unknown) => {
      console.error('simulator: request failed', error);
      if (!response.headersSent) {
        const failure = errorResponse(
          `Internal server error: ${String(error)}`,
          'InternalServerError',
          500,
        );
        sendText(response, 500, errorText(failure.body));
      } else {
        response.destroy();
      }
    });
  });
  server.keepAliveTimeout = 5000;
  return {
    state,
    server,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          const address = server.address() as AddressInfo;
          resolve(`http://${config.host}:${address.port}`);
        });
      }),
    close,
  };
}

async function route(
  state: SimulatorState,
  request: IncomingMessage,
  response: ServerResponse,
  close: () => Promise<void>,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://simulator');
  const path = url.pathname;
  const method = request.method ?? 'GET';
  const post = async (handler: (body: string) => unknown) => {
    if (method !== 'POST') return methodNotAllowed(response);
    await handler(await readBody(request));
  };
  const get = (handler: () => void) => (method === 'GET' ? handler() : methodNotAllowed(response));
  // Workers AI's OpenAI-compatible API lives under the account: same handlers, same flavours.
  if (path === '/v1/chat/completions' || WORKERS_AI_OPENAI_CHAT.test(path))
    return post((body) => handleChat(state, request, response, body));
  if (WORKERS_AI_OPENAI_COMPLETIONS.test(path))
    return post((body) => handleCompletion(state, request, response, body));
  if (path === '/v1/completions')
    return post((body) => handleCompletion(state, request, response, body));
  if (path === '/v1/models') return get(() => handleModels(state, response));
  if (path === '/health') return get(() => handleHealth(response));
  if (method === 'GET' && handleIdentity(state, path, response)) return;
  if (path === '/tokenize') return post((body) => handleTokenize(state, request, response, body));
  const workersAi = WORKERS_AI_ROUTE.exec(path);
  if (workersAi !== null) {
    return post((body) =>
      handleWorkersAi(state, request, response, body, decodeURIComponent(workersAi[1] ?? '')),
    );
  }
  if (path === '/sim/stats') return get(() => handleStats(state, response));
  if (path === '/sim/stats/reset')
    return post(() => handleStatsReset(state, response, url.searchParams));
  if (path === '/sim/faults') {
    if (method === 'GET') return handleFaults(state, response, undefined);
    return post((body) => handleFaults(state, response, body));
  }
  if (path === '/sim/kill') return post(() => kill(response, close));
  if (path === '/sim/flavour') {
    if (method === 'GET') return handleFlavour(state, response, undefined);
    return post((body) => handleFlavour(state, response, body));
  }
  const world = WORLD_ROUTE.exec(path);
  if (world !== null)
    return get(() => handleWorld(response, decodeURIComponent(world[1] ?? ''), url.searchParams));
  sendText(response, 404, JSON.stringify({ detail: 'Not Found' }));
}

/**
 * Answers, then cuts every open connection (streams in flight end mid-body, as when a server
 * crashes) and stops listening, so new connections are refused.
 */
function kill(response: ServerResponse, close: () => Promise<void>): void {
  response.setHeader('connection', 'close');
  response.once('finish', () => void close());
  sendText(response, 200, JSON.stringify({ killed: true }));
}

function methodNotAllowed(response: ServerResponse): void {
  sendText(response, 405, JSON.stringify({ detail: 'Method Not Allowed' }));
}
