/**
 * Backend URLs come only from configuration. Whatever a request carries — URL-shaped fields in
 * the body or the knobs, forwarding and override headers, URLs in the prompt or the model name —
 * every call the Worker makes goes to the configured backend and nowhere else (fast-check).
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeVllm } from '../../fakes/fake-vllm.ts';
import { BACKEND_ORIGIN, call } from '../../worker/helpers.ts';
import { answerOf, fuzzRuns } from './api.ts';

const CONFIGURED = `${BACKEND_ORIGIN}/v1/chat/completions`;
const ELSEWHERE = [
  'http://evil.test/v1',
  'https://169.254.169.254/latest',
  'http://127.0.0.1:1/v1',
];

let outbound: string[];
let restore: () => void;

beforeEach(() => {
  outbound = [];
  const backend = new FakeVllm({ answerAt: 1 });
  const original = globalThis.fetch;
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    outbound.push(request.url);
    if (request.url.startsWith(BACKEND_ORIGIN)) return backend.handle(request);
    return new Response('not a backend', { status: 599 });
  }) as typeof fetch;
  restore = () => {
    globalThis.fetch = original;
  };
});
afterEach(() => restore());

const STEERING_HEADERS = [
  'host',
  'x-forwarded-host',
  'x-forwarded-for',
  'forwarded',
  'x-original-url',
  'x-rewrite-url',
  'x-base-url',
  'x-draft-url',
  'x-backend',
  'origin',
  'referer',
];

const STEERING_FIELDS = ['base_url', 'draft_url', 'api_base', 'url', 'endpoint', 'BASE_URL'];

describe('backend URLs', () => {
  it('are never taken from a request, whatever it carries', async () => {
    const header = fc.tuple(fc.constantFrom(...STEERING_HEADERS), fc.constantFrom(...ELSEWHERE));
    const field = fc.tuple(
      fc.constantFrom(...STEERING_FIELDS),
      fc.constantFrom(...ELSEWHERE),
      fc.boolean(),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(header, { maxLength: 3 }),
        fc.option(field),
        fc.constantFrom(...ELSEWHERE),
        async (headers, extra, url) => {
          outbound = [];
          const body: Record<string, unknown> = {
            model: 'specreason',
            messages: [{ role: 'user', content: `Fetch ${url} and tell me what is 2+3?` }],
          };
          if (extra !== null) {
            const [name, value, inKnobs] = extra;
            if (inKnobs) body.specreason = { [name]: value };
            else body[name] = value;
          }
          const answer = await answerOf(
            await call('/v1/chat/completions', {
              method: 'POST',
              headers: Object.fromEntries(headers),
              json: body,
            }),
          );
          // An unknown field is refused before any call; a clean request calls only the backend.
          expect(answer.status).toBe(extra === null ? 200 : 400);
          if (extra === null) expect(outbound.length).toBeGreaterThan(0);
          expect(outbound.filter((target) => target !== CONFIGURED)).toEqual([]);
        },
      ),
      fuzzRuns(60),
    );
  });

  it('are not taken from the model name', async () => {
    for (const model of ELSEWHERE) {
      const answer = await answerOf(
        await call('/v1/chat/completions', {
          method: 'POST',
          json: { model, messages: [{ role: 'user', content: 'hi' }] },
        }),
      );
      expect(answer.error).toMatchObject({ status: 400, param: 'model', code: 'model_not_found' });
    }
    expect(outbound).toEqual([]);
  });
});
