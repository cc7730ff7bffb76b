/**
 * `npm run specreason -- [options] "question"`: one question through the SpecReason core against
 * two OpenAI-compatible endpoints (no Worker), printing each decided step as it happens (origin,
 * score, tokens, time) and then the answer — the equivalent of the reference script.
 */
import { parseArgs } from 'node:util';
import { createOpenAICompatibleModel } from '../../src/adapters/openai-compatible/openai-compatible-model.ts';
import { guessChatTemplate } from '../../src/adapters/prompt/chat-templates.ts';
import {
  type Mode,
  type PipelineMode,
  resolveTurnConfig,
  type ScoreMethod,
} from '../../src/core/config.ts';
import { driveTurn } from '../../src/core/driver.ts';
import type { TurnEvent } from '../../src/core/events.ts';
import { type PromptTemplate, problemMessages } from '../../src/core/prompts.ts';
import { createTurnState } from '../../src/core/state.ts';

const USAGE = `Usage: npm run specreason -- [options] "question"
  --base-url URL        base model endpoint, e.g. http://127.0.0.1:8788/v1 (env BASE_URL)
  --base-model NAME     base model name (default: the first model the endpoint lists)
  --draft-url URL       draft model endpoint (env DRAFT_URL; default: the base URL)
  --draft-model NAME    draft model name (default: the second model the endpoint lists)
  --api-mode MODE       chat | completions (default chat)
  --template NAME       chat template for completions mode (default: guessed from the model name)
  --mode MODE           speculative | base | draft (default speculative)
  --threshold N         accept threshold 0-9 (default 7)
  --score-method M      greedy | average (default greedy)
  --first-n N           first n steps by the base model (default 0)
  --budget N            token budget of kept steps (default 8192)
  --prompt NAME         math | generic | none (default math)
  --pipeline P          off | draft-ahead | hedged (default off)
  --seed N              seed of every call (default 1)
  --json                print events as JSON lines instead of text`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'base-url': { type: 'string' },
    'base-model': { type: 'string' },
    'draft-url': { type: 'string' },
    'draft-model': { type: 'string' },
    'api-mode': { type: 'string', default: 'chat' },
    template: { type: 'string' },
    mode: { type: 'string', default: 'speculative' },
    threshold: { type: 'string', default: '7' },
    'score-method': { type: 'string', default: 'greedy' },
    'first-n': { type: 'string', default: '0' },
    budget: { type: 'string', default: '8192' },
    prompt: { type: 'string', default: 'math' },
    pipeline: { type: 'string', default: 'off' },
    seed: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

const question = positionals.join(' ').trim();
const baseUrl = values['base-url'] ?? process.env.BASE_URL;
if (values.help || question === '' || baseUrl === undefined) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}
const draftUrl = values['draft-url'] ?? process.env.DRAFT_URL ?? baseUrl;

async function listedModels(url: string): Promise<string[]> {
  const response = await fetch(`${url.replace(/\/$/, '')}/models`);
  if (!response.ok) throw new Error(`GET ${url}/models failed with status ${response.status}`);
  const body = (await response.json()) as { data: Array<{ id: string }> };
  return body.data.map((model) => model.id);
}

const baseModel = values['base-model'] ?? (await listedModels(baseUrl))[0];
const draftModel = values['draft-model'] ?? (await listedModels(draftUrl))[1] ?? baseModel;
if (baseModel === undefined || draftModel === undefined)
  throw new Error('No model names: pass --base-model and --draft-model');
const apiMode = values['api-mode'] === 'completions' ? 'completions' : 'chat';
if (
  apiMode === 'completions' &&
  values.template === undefined &&
  (guessChatTemplate(baseModel) === undefined || guessChatTemplate(draftModel) === undefined)
) {
  console.error(
    `completions mode renders prompts locally: pass --template (qwen2.5, qwq, deepseek-r1-distill, llama3) for ${baseModel} / ${draftModel}`,
  );
  process.exit(2);
}
const adapter = (url: string, model: string, role: 'base' | 'draft') =>
  createOpenAICompatibleModel({
    baseUrl: url,
    model,
    mode: apiMode,
    chatTemplate:
      values.template ?? (apiMode === 'completions' ? guessChatTemplate(model) : undefined),
    role,
  });

const config = resolveTurnConfig({
  seed: Number(values.seed),
  mode: values.mode as Mode,
  threshold: Number(values.threshold),
  scoreMethod: values['score-method'] as ScoreMethod,
  firstNBaseSteps: Number(values['first-n']),
  tokenBudget: Number(values.budget),
  pipeline: values.pipeline as PipelineMode,
});
const state = createTurnState(
  config,
  problemMessages({ template: values.prompt as PromptTemplate, text: question }),
);

const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(1).padStart(6);
const oneLine = (text: string) =>
  (text.length > 100 ? `${text.slice(0, 97)}...` : text).replaceAll('\n', ' ');

function print(event: TurnEvent): void {
  if (values.json) {
    console.log(JSON.stringify(event));
    return;
  }
  switch (event.type) {
    case 'step-accepted':
      console.log(
        `${seconds()}s  [${event.index}] draft  accepted  score ${event.score}  ${event.tokens} tok  ${oneLine(event.text)}`,
      );
      break;
    case 'step-regenerated':
      console.log(
        `${seconds()}s  [${event.index}] base   rewrote   ${event.tokens} tok  ${oneLine(event.text)}`,
      );
      console.log(`${' '.repeat(16)}rejected draft: ${oneLine(event.draftText)}`);
      break;
    case 'step-scored':
      if (event.score === null || event.score < event.threshold) {
        console.log(
          `${seconds()}s  [${event.index}] judge  score ${event.score ?? 'failed'} < ${event.threshold}`,
        );
      }
      break;
    case 'step-generated':
      console.log(
        `${seconds()}s  [${event.index}] ${event.origin.padEnd(6)} ${event.reason}  ${event.tokens} tok  ${oneLine(event.text)}`,
      );
      break;
    case 'thinking-end':
      console.log(
        `${seconds()}s  thinking ended (${event.reason}) after ${event.steps} steps, ${event.keptTokens} tokens\n`,
      );
      break;
    case 'answer-delta':
      process.stdout.write(event.text);
      break;
    case 'turn-paused':
      console.log(`${seconds()}s  paused: ${event.failure.message}`);
      break;
    case 'turn-end':
      console.log(
        `\n\n${seconds()}s  ${event.status}: ${event.usage.stepsAccepted} accepted, ${event.usage.stepsRegenerated} regenerated, ` +
          `${event.usage.stepsBase + event.usage.stepsDraftOnly} written directly; ${event.usage.judgeCalls} judge calls`,
      );
      if (event.failure) console.log(`failure: ${event.failure.message}`);
      break;
    default:
      break;
  }
}

const final = await driveTurn({
  state,
  models: {
    draft: adapter(draftUrl, draftModel, 'draft'),
    base: adapter(baseUrl, baseModel, 'base'),
  },
  now: () => performance.now(),
  commit: (_state, events) => events.forEach(print),
});
process.exit(final.status === 'completed' ? 0 : 1);
