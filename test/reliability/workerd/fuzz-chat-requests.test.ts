/**
 * Hostile bodies for POST /v1/chat/completions (fast-check, fixed seed): any JSON at all, a
 * valid request with one field replaced by anything, random knob objects, unknown fields. The
 * answer is never a 5xx; a refusal is the OpenAI envelope naming the parameter at fault, and
 * leaves no conversation behind.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call, useFakeBackend } from '../../worker/helpers.ts';
import { answerOf, conversationCount, fuzzRuns, refusal } from './api.ts';

useFakeBackend({ answerAt: 1 });

const VALID = { model: 'specreason', messages: [{ role: 'user', content: 'What is 2+3?' }] };

const KNOBS = [
  'mode',
  'threshold',
  'score_method',
  'first_n_base_steps',
  'token_budget',
  'max_step_tokens',
  'prompt_template',
  'choices',
  'pipeline',
  'seed',
];

/** Every field a request may carry, as a path into the body. */
const FIELDS: ReadonlyArray<ReadonlyArray<string | number>> = [
  ['model'],
  ['messages'],
  ['messages', 0],
  ['messages', 0, 'role'],
  ['messages', 0, 'content'],
  ['messages', 0, 'name'],
  ['stream'],
  ['stream_options'],
  ['max_tokens'],
  ['max_completion_tokens'],
  ['temperature'],
  ['top_p'],
  ['seed'],
  ['n'],
  ['conversation_id'],
  ['specreason'],
  ...KNOBS.map((knob) => ['specreason', knob]),
];

/** Anything a hostile client could put in a JSON field. */
const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ maxLength: 40 }),
  fc.integer({ min: -(2 ** 53), max: 2 ** 53 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(null, true, false, '', 0, -1, 1e308, 'specreason', 'user', 'base', [], {}),
);

/** `['messages', 0, 'content']` → `messages[0].content`, as the API names parameters. */
function nameOf(path: ReadonlyArray<string | number>): string {
  return path
    .map((part, position) =>
      typeof part === 'number' ? `[${part}]` : position === 0 ? part : `.${part}`,
    )
    .join('');
}

function withField(path: ReadonlyArray<string | number>, value: unknown): Record<string, unknown> {
  const body = structuredClone(VALID) as Record<string, any>;
  let target: any = body;
  for (const part of path.slice(0, -1)) {
    target[part] ??= {};
    target = target[part];
  }
  target[path.at(-1) as string | number] = value;
  return body;
}

/** The parameter a refusal names is the field that was changed, a part of it, or its parent. */
function namesField(param: string | null, field: string): boolean {
  if (param === null) return false;
  if (param.startsWith(field) || field.startsWith(param)) return true;
  // A prompt template that needs choices names the missing choices.
  return field === 'specreason.prompt_template' && param === 'specreason.choices';
}

function post(body: unknown) {
  return call('/v1/chat/completions', {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
}

describe('hostile chat completion bodies', () => {
  it('refuses any JSON that is not a request with a 400 envelope, creating nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (body) => {
        const before = await conversationCount();
        const error = await refusal(await post(body));
        expect(error.status).toBe(400);
        expect(await conversationCount()).toBe(before);
      }),
      fuzzRuns(150),
    );
  });

  it('refuses text that is not JSON at all with a 400 envelope', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (text) => {
        fc.pre(!isJson(text));
        const error = await refusal(await post(text));
        expect(error.status).toBe(400);
      }),
      fuzzRuns(100),
    );
  });

  it('answers a request with one field replaced by anything, naming that field when it refuses', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FIELDS), anyValue, async (path, value) => {
        const field = nameOf(path);
        const before = await conversationCount();
        const answer = await answerOf(await post(withField(path, value)));
        if (answer.error === undefined) {
          expect(await conversationCount()).toBe(before + 1);
          return;
        }
        // A well-formed conversation id that names nothing is a 404; anything else a 400.
        const unknownConversation =
          field === 'conversation_id' &&
          typeof value === 'string' &&
          /^[A-Za-z0-9_-]{1,64}$/.test(value);
        expect(answer.error.status).toBe(unknownConversation ? 404 : 400);
        expect(namesField(answer.error.param, field), `${field}: ${answer.error.param}`).toBe(true);
        // A well-formed id was looked up and found missing, and is still missing.
        if (unknownConversation)
          expect((await call(`/v1/conversations/${String(value)}`)).status).toBe(404);
        else expect(await conversationCount()).toBe(before);
      }),
      fuzzRuns(300),
    );
  });

  it('names any unknown field, at the top or among the knobs', async () => {
    const known = new Set([...Object.keys(VALID), ...FIELDS.map((path) => String(path[0]))]);
    const unknownKey = fc.oneof(
      fc.string({ minLength: 1, maxLength: 20 }),
      fc.constantFrom('__proto__', 'constructor', 'toString', 'base_url', 'BASE_URL', 'api_key'),
    );
    await fc.assert(
      fc.asyncProperty(fc.boolean(), unknownKey, anyValue, async (inKnobs, key, value) => {
        fc.pre(inKnobs ? !KNOBS.includes(key) : !known.has(key) && !IGNORED.has(key));
        const body = inKnobs
          ? `{"model":"specreason","messages":[{"role":"user","content":"hi"}],"specreason":{${JSON.stringify(key)}:${JSON.stringify(value)}}}`
          : `{"model":"specreason","messages":[{"role":"user","content":"hi"}],${JSON.stringify(key)}:${JSON.stringify(value)}}`;
        const before = await conversationCount();
        const error = await refusal(await post(body));
        expect(error.status).toBe(400);
        expect(error.param).toBe(inKnobs ? `specreason.${key}` : key);
        expect(await conversationCount()).toBe(before);
      }),
      fuzzRuns(150),
    );
  });
});

/** Fields the API accepts and ignores (they do not change how the reasoning is produced). */
const IGNORED = new Set([
  'user',
  'metadata',
  'store',
  'service_tier',
  'frequency_penalty',
  'presence_penalty',
  'logit_bias',
  'parallel_tool_calls',
  'reasoning_effort',
]);

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
