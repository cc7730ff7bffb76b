/**
 * Workers AI's input checks, from the per-model JSON schemas the catalog publishes
 * (cloudflare-docs `src/content/workers-ai-models/*.json`). Legacy text models take `prompt`
 * (with `raw`) or `messages`, `seed` an integer 1–9999999999, `top_p` 0.001–1, `temperature`
 * 0–5, `top_k` an integer 1–50, and have no `stop` and no logprobs: the schema does not forbid
 * other fields, so those are ignored, not refused. OpenAI-shaped models take `messages` with a
 * real `stop` (up to 4) and logprobs. In both, a final assistant message is context, not a
 * message to continue: the chat template closes it and opens a new assistant turn.
 */

/** The wording Workers AI uses for a schema violation (5006, HTTP 400). */
const badInput = (detail: string) => `AiError: Bad input: Error: ${detail}`;

/** Fields of the OpenAI request a legacy schema lacks: sent, they change nothing. */
const LEGACY_IGNORED = ['stop', 'logprobs', 'top_logprobs', 'n', 'echo'] as const;

interface Range {
  field: string;
  integer: boolean;
  minimum: number;
  maximum: number;
}

const RANGES: readonly Range[] = [
  { field: 'seed', integer: true, minimum: 1, maximum: 9_999_999_999 },
  { field: 'top_p', integer: false, minimum: 0.001, maximum: 1 },
  { field: 'temperature', integer: false, minimum: 0, maximum: 5 },
  { field: 'top_k', integer: true, minimum: 1, maximum: 50 },
  { field: 'max_tokens', integer: true, minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
];

/** The first schema violation in `input`, as Workers AI words it; `undefined` when valid. */
export function workersAiInputProblem(
  input: Readonly<Record<string, unknown>>,
  api: 'legacy' | 'openai',
): string | undefined {
  const hasPrompt = typeof input.prompt === 'string';
  const hasMessages = Array.isArray(input.messages);
  if (api === 'openai' && !hasMessages)
    return badInput("required properties at '/' are 'messages'");
  if (!hasPrompt && !hasMessages) {
    return badInput(
      "oneOf at '/' not met, 0 matches: required properties at '/' are 'prompt'; required properties at '/' are 'messages'",
    );
  }
  if (hasPrompt && (input.prompt as string).length < 1)
    return badInput("must NOT have fewer than 1 characters at '/prompt'");
  for (const range of RANGES) {
    const value = input[range.field];
    if (value === undefined) continue;
    if (typeof value !== 'number' || (range.integer && !Number.isInteger(value)))
      return badInput(`must be ${range.integer ? 'integer' : 'number'} at '/${range.field}'`);
    if (value < range.minimum) return badInput(`must be >= ${range.minimum} at '/${range.field}'`);
    if (value > range.maximum) return badInput(`must be <= ${range.maximum} at '/${range.field}'`);
  }
  if (api === 'openai' && Array.isArray(input.stop) && input.stop.length > 4)
    return badInput("must NOT have more than 4 items at '/stop'");
  return undefined;
}

/**
 * How the reply will differ from what the request asked for: each field the model's schema
 * ignores (in the order the request carried them), then a final assistant message in `messages`,
 * which the model closes instead of continuing.
 */
export function workersAiAnomalies(
  input: Readonly<Record<string, unknown>>,
  api: 'legacy' | 'openai',
  messages: readonly { role: string }[] | undefined,
): string[] {
  const ignored =
    api === 'openai'
      ? []
      : Object.keys(input).filter((key) => (LEGACY_IGNORED as readonly string[]).includes(key));
  const anomalies = ignored.map((field) => `${field} ignored (not in the model's schema)`);
  if (messages?.at(-1)?.role === 'assistant')
    anomalies.push('final assistant message not continued');
  return anomalies;
}
