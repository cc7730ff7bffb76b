/**
 * An in-process fake of SpecReason Edge's public API for the harness's tests: a node:http server
 * on an ephemeral loopback port that checks the bearer key, records every request and answers
 * `POST /v1/chat/completions` through a function the test gives (deterministic, no clock). Helpers
 * build a chat completion and the OpenAI error envelope of the contract.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import type { ChatRequestBody } from '../run/request-body.ts';

export interface FakeRequest {
  body: ChatRequestBody;
  authorization: string | undefined;
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  json: unknown;
}

export type FakeResponder = (request: FakeRequest, index: number) => FakeReply | Promise<FakeReply>;

export interface FakeApi {
  url: string;
  apiKey: string;
  requests: FakeRequest[];
  /** The most requests that were being answered at the same time. */
  maxInFlight(): number;
  close(): Promise<void>;
}

/**
 * Starts fake APIs for the calling file's tests and closes each after its test: call it at the
 * top of the file, then start one per test with the returned function.
 */
export function useFakeApi(): (respond: FakeResponder) => Promise<FakeApi> {
  const started: FakeApi[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((api) => api.close()));
  });
  return async (respond) => {
    const api = await startFakeApi(respond);
    started.push(api);
    return api;
  };
}

export async function startFakeApi(respond: FakeResponder, apiKey = 'sk-test'): Promise<FakeApi> {
  const requests: FakeRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer(async (incoming, outgoing) => {
    const send = (reply: FakeReply) => {
      outgoing.writeHead(reply.status ?? 200, {
        'content-type': 'application/json',
        ...reply.headers,
      });
      outgoing.end(JSON.stringify(reply.json));
    };
    if (incoming.method !== 'POST' || incoming.url !== '/v1/chat/completions') {
      send(errorReply(404, `No route for ${incoming.method} ${incoming.url}`, 'not_found_error'));
      return;
    }
    const body = JSON.parse(await readBody(incoming)) as ChatRequestBody;
    const request = { body, authorization: incoming.headers.authorization };
    if (request.authorization !== `Bearer ${apiKey}`) {
      send(errorReply(401, 'Invalid API key', 'authentication_error', 'invalid_api_key'));
      return;
    }
    const index = requests.push(request) - 1;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      send(await respond(request, index));
    } finally {
      inFlight--;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    requests,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface CompletionParts {
  content: string;
  reasoning?: string;
  stepsProposed?: number;
  stepsAccepted?: number;
  stepsRegenerated?: number;
  stepsBase?: number;
  draftTokens?: number;
  baseTokens?: number;
  judgePrefillTokens?: number;
  elapsedMs?: number;
}

/** A chat completion in the contract's shape, with the usage and turn extensions. */
export function completion(parts: CompletionParts): FakeReply {
  const draftTokens = parts.draftTokens ?? 0;
  const baseTokens = parts.baseTokens ?? 0;
  return {
    json: {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'specreason',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: parts.content,
            reasoning_content: parts.reasoning ?? '',
          },
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: 50,
        completion_tokens: draftTokens + baseTokens,
        total_tokens: 50 + draftTokens + baseTokens,
        specreason: {
          steps_proposed: parts.stepsProposed ?? 0,
          steps_accepted: parts.stepsAccepted ?? 0,
          steps_regenerated: parts.stepsRegenerated ?? 0,
          steps_base: parts.stepsBase ?? 0,
          draft_tokens: draftTokens,
          base_tokens: baseTokens,
          judge_prefill_tokens: parts.judgePrefillTokens ?? 0,
          judge_calls: parts.stepsProposed ?? 0,
          cost_usd: 0.001,
        },
      },
      specreason: {
        conversation_id: 'conv-fake',
        turn_id: 'turn-fake',
        elapsed_ms: parts.elapsedMs ?? 10,
      },
    },
  };
}

/** The OpenAI error envelope. */
export function errorReply(
  status: number,
  message: string,
  type: string,
  code: string | null = null,
  headers: Record<string, string> = {},
): FakeReply {
  return { status, headers, json: { error: { message, type, param: null, code } } };
}

function readBody(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    incoming.on('error', reject);
  });
}
