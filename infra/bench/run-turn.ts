/**
 * Runs one turn through the Worker's public API and gathers everything the report needs: the
 * client's wall time, each model call as the timing tap saw it joined with the simulator's record
 * of it, the turn's per-step trace, the conversation's storage, and the grade of the answer
 * against the world's. One turn at a time: the simulator's stats and prefix caches are reset
 * before each, so every turn starts cold and alone.
 */
import { gradeResponse } from '../eval/grading/grade-response.ts';
import {
  type CallRecord,
  type SimulatorRequest,
  toCallRecord,
  toTimedCall,
} from './model-calls.ts';
import { rebuildTimeline, type TurnTimeline } from './timeline.ts';
import { preciseNow, type TapRecord, type TimingTap } from './timing-tap.ts';
import { type TurnPlan, turnRequestBody } from './turn-request.ts';

/** Where turns go. */
export interface BenchTarget {
  workerUrl: string;
  apiKey: string;
  /** The simulator when the models are simulated: its stats give each call's model time. */
  simulatorUrl: string | undefined;
  taps: readonly TimingTap[];
}

export interface TurnOutcome {
  ok: boolean;
  error: string | undefined;
  wallMs: number;
  timeline: TurnTimeline | undefined;
  keptSteps: number;
  keptTokens: { draft: number; base: number };
  /** `usage.specreason` of the reply. */
  usage: Record<string, number | null>;
  correct: boolean;
  extracted: string | undefined;
  storage: { databaseBytes: number; steps: number } | undefined;
  calls: CallRecord[];
}

interface Reply {
  choices?: { message?: { content?: string | null; reasoning_content?: string | null } }[];
  usage?: { specreason?: Record<string, number | null> };
  error?: unknown;
}

interface TurnResource {
  status?: string;
  steps?: { origin: string; tokens: number }[];
}

const MAX_STEP_TOKENS = 512;
const SETTLE_TIMEOUT_MS = 1000;

export async function runTurn(target: BenchTarget, plan: TurnPlan): Promise<TurnOutcome> {
  const headers = { authorization: `Bearer ${target.apiKey}`, 'content-type': 'application/json' };
  if (target.simulatorUrl !== undefined)
    await fetch(`${target.simulatorUrl}/sim/stats/reset?cache=1`, { method: 'POST' });
  for (const tap of target.taps) tap.take();
  const startedAt = preciseNow();
  const response = await fetch(`${target.workerUrl}/v1/chat/completions`, {
    method: 'POST',
    headers,
    body: JSON.stringify(turnRequestBody(plan)),
  });
  const text = await response.text();
  const endedAt = preciseNow();
  const outcome: TurnOutcome = {
    ok: false,
    error: undefined,
    wallMs: endedAt - startedAt,
    timeline: undefined,
    keptSteps: 0,
    keptTokens: { draft: 0, base: 0 },
    usage: {},
    correct: false,
    extracted: undefined,
    storage: undefined,
    calls: [],
  };
  const reply = parseJson<Reply>(text);
  if (!response.ok || reply === undefined) {
    return { ...outcome, error: `HTTP ${response.status}: ${text.slice(0, 300)}` };
  }
  const records = await settledRecords(target.taps);
  const simulated = await simulatorRequests(target.simulatorUrl);
  const calls = records.map((record) => toCallRecord(record, simulated, MAX_STEP_TOKENS));
  const timeline = rebuildTimeline(
    startedAt,
    endedAt,
    records.map((record, index) => toTimedCall(record, calls[index] as CallRecord)),
  );
  const conversation = response.headers.get('x-conversation-id') ?? '';
  const read = async <T>(path: string): Promise<T | undefined> => {
    const url = `${target.workerUrl}/v1/conversations/${conversation}${path}`;
    return parseJson<T>(await (await fetch(url, { headers })).text());
  };
  const turn = (await read<TurnResource>('/turns/1')) ?? {};
  const storage = await read<{ database_bytes?: number; steps?: number }>('/storage');
  const steps = turn.steps ?? [];
  const message = reply.choices?.[0]?.message ?? {};
  const grade = gradeResponse(plan.problem, {
    content: message.content ?? '',
    reasoning: message.reasoning_content ?? '',
  });
  const tokensOf = (origin: string) =>
    steps.filter((step) => step.origin === origin).reduce((sum, step) => sum + step.tokens, 0);
  return {
    ...outcome,
    ok: turn.status === 'completed',
    error: turn.status === 'completed' ? undefined : `turn ${turn.status ?? 'unknown'}`,
    timeline,
    keptSteps: steps.length,
    keptTokens: { draft: tokensOf('draft'), base: tokensOf('base') },
    usage: reply.usage?.specreason ?? {},
    correct: grade.isCorrect,
    extracted: grade.extracted,
    storage:
      storage?.database_bytes === undefined
        ? undefined
        : { databaseBytes: storage.database_bytes, steps: storage.steps ?? 0 },
    calls,
  };
}

function parseJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** The tap's records once every call has ended or been aborted (a hang-up lands a moment late). */
async function settledRecords(taps: readonly TimingTap[]): Promise<TapRecord[]> {
  const patience = new Promise<void>((resolve) => setTimeout(resolve, SETTLE_TIMEOUT_MS).unref());
  await Promise.race([Promise.all(taps.map((tap) => tap.settled())), patience]);
  const open = (record: TapRecord) => record.endAt === undefined && record.abortedAt === undefined;
  return taps
    .flatMap((tap) => tap.take())
    .filter((record) => !open(record))
    .sort((left, right) => left.requestAt - right.requestAt);
}

async function simulatorRequests(url: string | undefined): Promise<Map<string, SimulatorRequest>> {
  if (url === undefined) return new Map();
  const stats = (await (await fetch(`${url}/sim/stats`)).json()) as {
    requests: SimulatorRequest[];
  };
  return new Map(stats.requests.map((request) => [String(request.id), request]));
}
