/**
 * Runs one matrix cell through the Worker: reconfigures the simulator (flavours, faults) and the
 * Worker's variables, asks one short question, and judges the turn from what a user sees (the
 * answer, the reasoning, usage, the per-step trace) and from what the servers saw (the
 * simulator's record of prompts that differ from the reference render).
 */
import { env, exports } from 'cloudflare:workers';
import { SimulatorClient } from '../support/simulator-client.ts';
import { createSimulatedAiBinding } from './fake-ai-binding.ts';
import {
  type Cell,
  draftFlavour,
  MANAGED_SETTINGS,
  WORKERS_AI_ACCOUNT,
  workerSettings,
} from './matrix.ts';

const QUESTION = 'What is 17*23+4?';
const ANSWER = '395';
const INTERMEDIATE = '391';

export type Outcome = 'works' | 'refused' | 'fails';

export interface CellResult {
  outcome: Outcome;
  why: string;
  /** The turn's reasoning and answer, when it completed. */
  text?: { reasoning: string; answer: string };
}

const variables = env as unknown as Record<string, unknown>;
const original = Object.fromEntries(
  [...MANAGED_SETTINGS, 'AI'].map((name) => [name, variables[name]]),
);

async function configure(cell: Cell, simulatorUrl: string): Promise<void> {
  const simulator = new SimulatorClient(simulatorUrl);
  await simulator.resetStats({ cache: true });
  await simulator.setFlavour('*', cell.row.flavour);
  await simulator.setFlavour('draft', draftFlavour(cell));
  await simulator.clearFaults();
  if (cell.draftFault !== undefined) {
    const { rate, kinds, seed } = cell.draftFault;
    await simulator.setFaults('draft', { rate, kinds, seed });
  }
  for (const [name, value] of Object.entries(original)) {
    if (value === undefined) delete variables[name];
    else variables[name] = value;
  }
  Object.assign(variables, workerSettings(cell, simulatorUrl));
  if (cell.provider === 'workers-ai binding')
    variables.AI = createSimulatedAiBinding(simulatorUrl, WORKERS_AI_ACCOUNT, cell.bindingErrors);
}

interface ChatReply {
  error?: { message: string; code: string | null };
  choices?: {
    message: { content: string | null; reasoning_content?: string };
    finish_reason: string;
  }[];
  usage?: {
    prompt_tokens: number;
    completion_tokens: number;
    specreason: {
      steps_proposed: number;
      judge_calls: number;
      judge_failures: number;
      draft_failures: number;
    };
  };
}

interface TurnTrace {
  status?: string;
  failure?: { message?: string } | null;
  steps: { origin: string; decision: string; score: number | null }[];
}

function call(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(`http://worker.test${path}`, {
    ...init,
    headers: { authorization: 'Bearer sk-local-dev', 'content-type': 'application/json' },
  });
}

/**
 * Runs the cell and says what came out; never throws for a turn that went wrong. `reference` is
 * the same column's turn against plain vLLM: the simulator is deterministic for a seeded request,
 * so a server that only words its replies differently must give the very same reasoning and answer.
 */
export async function runCell(
  cell: Cell,
  simulatorUrl: string,
  reference: CellResult['text'],
): Promise<CellResult> {
  await configure(cell, simulatorUrl);
  const response = await call('/v1/chat/completions', {
    method: 'POST',
    body: JSON.stringify({
      model: 'specreason',
      messages: [{ role: 'user', content: QUESTION }],
      seed: 0,
    }),
  });
  const reply = JSON.parse(await response.text()) as ChatReply;
  const conversation = response.headers.get('x-conversation-id');
  const trace =
    conversation === null
      ? undefined
      : ((await (await call(`/v1/conversations/${conversation}/turns/1`)).json()) as TurnTrace);
  const failure = reply.error?.message ?? trace?.failure?.message;
  if (failure !== undefined) {
    const refused = failure.includes('Invalid model backend configuration');
    // The table keeps the problems and their fixes, without the turn's framing around them.
    const why = refused
      ? failure
          .replace(/^.*Invalid model backend configuration: /, '')
          .replace(/\.? Retrying will not help.*$/, '')
      : failure;
    return { outcome: refused ? 'refused' : 'fails', why };
  }
  const problems = await turnProblems(cell, reply, trace, simulatorUrl);
  const message = reply.choices?.[0]?.message;
  const text = { reasoning: message?.reasoning_content ?? '', answer: message?.content ?? '' };
  if (reference !== undefined) problems.push(...differences(reference, text));
  return problems.length === 0
    ? { outcome: 'works', why: summary(reply, trace), text }
    : { outcome: 'fails', why: problems.join('; '), text };
}

function differences(
  reference: NonNullable<CellResult['text']>,
  text: NonNullable<CellResult['text']>,
) {
  return (['reasoning', 'answer'] as const).flatMap((part) => {
    const expected = reference[part];
    const actual = text[part];
    if (expected === actual) return [];
    let at = 0;
    while (at < expected.length && expected[at] === actual[at]) at += 1;
    return [
      `${part} differs from plain vLLM's at character ${at}: ${JSON.stringify(actual.slice(at, at + 24))} instead of ${JSON.stringify(expected.slice(at, at + 24))}`,
    ];
  });
}

async function turnProblems(
  cell: Cell,
  reply: ChatReply,
  trace: TurnTrace | undefined,
  simulatorUrl: string,
): Promise<string[]> {
  const problems: string[] = [];
  const choice = reply.choices?.[0];
  const usage = reply.usage;
  if (choice?.finish_reason !== 'stop') problems.push(`finish_reason ${choice?.finish_reason}`);
  if (!choice?.message.content?.includes(ANSWER))
    problems.push(`answer ${JSON.stringify(choice?.message.content)} lacks ${ANSWER}`);
  if (!choice?.message.reasoning_content?.includes(INTERMEDIATE))
    problems.push(`reasoning lacks ${INTERMEDIATE}`);
  if (usage === undefined || usage.prompt_tokens <= 0 || usage.completion_tokens <= 0)
    problems.push('usage missing or zero');
  const counts = usage?.specreason;
  if (counts !== undefined) {
    if (counts.steps_proposed < 1) problems.push('no step proposed');
    if (counts.judge_failures > 0) problems.push(`${counts.judge_failures} judge failures`);
    const truncatedDraft = cell.draftFault?.kinds.includes('no-done') === true;
    if (truncatedDraft && counts.draft_failures < 1)
      problems.push('a draft stream cut before [DONE] was taken as a finished step');
    if (!truncatedDraft && counts.draft_failures > 0)
      problems.push(`${counts.draft_failures} draft failures`);
  }
  const steps = trace?.steps ?? [];
  const judged = steps.filter(
    (step) => step.decision === 'accepted' || step.decision === 'regenerated',
  );
  if (judged.some((step) => step.score === null || step.score < 0 || step.score > 9))
    problems.push('a judged step has no 0–9 score');
  const draftFails = cell.draftFault?.kinds.includes('no-done') === true;
  if (!draftFails && !steps.some((step) => step.origin === 'draft'))
    problems.push('no step kept from the draft');
  const requests = await new SimulatorClient(simulatorUrl).requests();
  if (cell.draftFault !== undefined) {
    const faulted = requests.filter((request) => request.status.startsWith('fault:')).length;
    if (faulted === 0) problems.push('no fault happened, so the cell proves nothing');
  }
  const anomalies = new Set(
    requests.flatMap((request) =>
      (request.anomalies ?? []).map((item) => `${request.model}: ${item}`),
    ),
  );
  if (anomalies.size > 0)
    problems.push(`servers saw a degraded prompt (${[...anomalies].join(', ')})`);
  return problems;
}

function summary(reply: ChatReply, trace: TurnTrace | undefined): string {
  const steps = trace?.steps ?? [];
  const draft = steps.filter((step) => step.origin === 'draft').length;
  const counts = reply.usage?.specreason;
  return `${steps.length} steps (${draft} from the draft), ${counts?.judge_calls ?? 0} judge calls, ${counts?.draft_failures ?? 0} draft failures, answer ${ANSWER}`;
}
