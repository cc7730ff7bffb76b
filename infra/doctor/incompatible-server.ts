/**
 * Test double for the doctor: an OpenAI-compatible server that lacks what SpecReason relies on.
 * It serves one model, refuses `continue_final_message` (flat error layout, as SGLang and older
 * vLLM answer), answers /v1/completions but ignores `stop`, returns only 5 top logprobs, and has
 * no /tokenize.
 */
import { createServer, type Server } from 'node:http';

export const INCOMPATIBLE_MODEL = 'tiny-model';

function send(response: import('node:http').ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

export async function startIncompatibleServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => {
      raw += chunk;
    });
    request.on('end', () => {
      const body = raw === '' ? {} : JSON.parse(raw);
      if (request.method === 'GET' && request.url === '/v1/models') {
        return send(response, 200, {
          object: 'list',
          data: [{ id: INCOMPATIBLE_MODEL, object: 'model' }],
        });
      }
      if (request.url === '/v1/chat/completions') {
        return send(response, 400, {
          object: 'error',
          message: 'continue_final_message is not supported',
          type: 'BadRequestError',
          param: null,
          code: 400,
        });
      }
      if (request.url === '/v1/completions') {
        const alternatives = Object.fromEntries(
          ['7', '8', ' ', '6', '\n'].map((token, rank) => [token, -0.5 - rank]),
        );
        return send(response, 200, {
          object: 'text_completion',
          choices: [
            {
              index: 0,
              text: body.max_tokens === 1 ? '7' : 'Step one.\n\nStep two.',
              logprobs: body.logprobs ? { tokens: ['7'], top_logprobs: [alternatives] } : null,
              finish_reason: 'length',
            },
          ],
          usage: { prompt_tokens: 20, completion_tokens: body.max_tokens === 1 ? 1 : 6 },
        });
      }
      send(response, 404, { error: { message: 'Not Found', code: 404 } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
