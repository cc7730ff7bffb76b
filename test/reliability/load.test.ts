/**
 * Load: 200 concurrent streaming conversations on one local Worker runtime. All of them
 * complete with nothing lost; the Worker's own time per step (a turn's wall time minus the time
 * the simulator spent serving its requests, divided by its steps) and the memory of the
 * workerd processes are reported, not asserted.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { quantile } from '../../infra/bench/statistics.ts';
import { type ProcessUsage, workerdUsage } from '../../infra/dev/process-usage.ts';
import type { SimulatedRequest } from '../support/simulator-client.ts';
import { readCompletionStream, type StreamedCompletion } from '../support/sse.ts';
import { useStack } from '../support/stack.ts';
import { StackClient, type StartedTurn, type TurnDetail } from '../support/stack-client.ts';
import { report } from './support/report.ts';
import { SCALE } from './support/scale.ts';
import { auditTurn, reasoningOf } from './support/turn-audit.ts';

/**
 * Each conversation's step and answer bounds are its own, so the simulator's record of a
 * request names the conversation it served; judge calls (always 1 token) are shared out by
 * their mean duration.
 */
const STEP_BOUND = (position: number) => 2000 + position;
const ANSWER_BOUND = (position: number) => 5000 + position;
/** Turns run one at a time first: the overhead of a Worker with nothing else to do. */
const UNLOADED_TURNS = 10;
const MEBIBYTE = 1024 * 1024;
/**
 * Keys of one tenant: the local rate limit (600 requests a minute per key) is meant for one
 * client, and the load spreads its conversations over several, as several clients would.
 */
const LOAD_KEYS = Array.from({ length: 8 }, (_, position) => `sk-load-${position}`);

let clients: StackClient[];

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const clientFor = (position: number) => clients[position % clients.length] as StackClient;

const { stack, simulator } = useStack('load', {
  vars: {
    API_KEYS: JSON.stringify(Object.fromEntries(LOAD_KEYS.map((key) => [sha256(key), 'load']))),
  },
});

beforeAll(() => {
  clients = LOAD_KEYS.map((key) => new StackClient(stack().workerUrl, key));
});

interface Outcome {
  started: StartedTurn;
  stream: StreamedCompletion;
}

async function runTurn(problem: string, position: number, seed: number): Promise<Outcome> {
  const started = await clientFor(position).startTurn({
    messages: [{ role: 'user', content: problem }],
    max_tokens: ANSWER_BOUND(position),
    specreason: { prompt_template: 'math', seed, max_step_tokens: STEP_BOUND(position) },
  });
  return { started, stream: readCompletionStream(await started.body) };
}

/** Each turn's trace, after checking it completed with nothing lost or repeated. */
async function checkedTraces(outcomes: readonly Outcome[]): Promise<TurnDetail[]> {
  const traces: TurnDetail[] = [];
  for (const [position, { started, stream }] of outcomes.entries()) {
    const client = clientFor(position);
    const trace = await client.turn(started.conversationId);
    const events = await client.followTurn(started.conversationId);
    const where = `conversation ${started.conversationId}`;
    expect(trace.status, where).toBe('completed');
    expect(auditTurn(trace, events), where).toEqual([]);
    expect(stream.reasoning, where).toBe(reasoningOf(trace));
    expect(stream.content, where).toBe(trace.answer);
    expect(stream.finishReasons, where).toHaveLength(1);
    traces.push(trace);
  }
  return traces;
}

/** Milliseconds per step each turn spent beyond the simulator's serving time, sorted. */
function overheadPerStep(traces: readonly TurnDetail[], requests: readonly SimulatedRequest[]) {
  const served = (request: SimulatedRequest) => request.endedAt - request.startedAt;
  const judges = requests.filter((request) => request.sampling.max_tokens === 1);
  const judgeMs = judges.reduce((sum, request) => sum + served(request), 0) / judges.length;
  const owner = new Map<number, number>();
  traces.forEach((_, position) => {
    owner.set(STEP_BOUND(position), position);
    owner.set(ANSWER_BOUND(position), position);
  });
  const modelMs = traces.map((trace) => (trace.usage.specreason.judge_calls ?? 0) * judgeMs);
  for (const request of requests) {
    const position = owner.get(request.sampling.max_tokens);
    if (position !== undefined) modelMs[position] = (modelMs[position] ?? 0) + served(request);
  }
  return traces
    .map(
      (trace, position) =>
        ((trace.elapsed_ms ?? 0) - (modelMs[position] ?? 0)) / trace.steps.length,
    )
    .toSorted((first, second) => first - second);
}

/** A reported percentile, to a tenth of a millisecond. */
function percentile(values: readonly number[], fraction: number): string {
  return (quantile(values, fraction) ?? Number.NaN).toFixed(1);
}

const sum = (
  usage: readonly ProcessUsage[],
  field: 'residentBytes' | 'peakResidentBytes' | 'cpuMs',
) => usage.reduce((total, entry) => total + entry[field], 0);
const mebibytes = (usage: readonly ProcessUsage[], field: 'residentBytes' | 'peakResidentBytes') =>
  usage.map((entry) => (entry[field] / MEBIBYTE).toFixed(0)).join(' + ');

describe('many conversations at once on one runtime', () => {
  it(`completes ${SCALE.loadConversations} concurrent streaming conversations, nothing lost`, async () => {
    const problems = await simulator().problems(SCALE.loadConversations, 31);
    const unloaded: Outcome[] = [];
    for (const [position, problem] of problems.slice(0, UNLOADED_TURNS).entries())
      unloaded.push(await runTurn(problem, position, 40_000 + position));
    const baseline = overheadPerStep(await checkedTraces(unloaded), await simulator().requests());
    await simulator().resetStats();

    let peak: ProcessUsage[] = [];
    const sampler = setInterval(() => {
      const now = workerdUsage();
      if (sum(now, 'residentBytes') > sum(peak, 'residentBytes')) peak = now;
    }, 250);
    const before = workerdUsage();
    const startedAt = Date.now();
    const outcomes = await Promise.all(
      problems.map((problem, position) => runTurn(problem, position, 30_000 + position)),
    );
    const wallMs = Date.now() - startedAt;
    clearInterval(sampler);
    const after = workerdUsage();

    const traces = await checkedTraces(outcomes);
    const overhead = overheadPerStep(traces, await simulator().requests());
    const steps = traces.reduce((total, trace) => total + trace.steps.length, 0);
    const cpuPerStep = after
      .map((entry) => {
        const start = before.find((earlier) => earlier.pid === entry.pid)?.cpuMs ?? 0;
        return ((entry.cpuMs - start) / steps).toFixed(1);
      })
      .join(' + ');
    report(
      `load (${SCALE.name}): ${traces.length}/${problems.length} concurrent streaming ` +
        `conversations completed in ${(wallMs / 1000).toFixed(1)} s (${steps} steps). Worker ` +
        `overhead per step: alone p50 ${percentile(baseline, 0.5)} ms; under load p50 ` +
        `${percentile(overhead, 0.5)} ms, p99 ${percentile(overhead, 0.99)} ms (mostly waiting ` +
        `for the one runtime); workerd CPU ${cpuPerStep} ms per step; workerd resident ` +
        `memory at the peak ${mebibytes(peak, 'residentBytes')} MiB (high-water mark ` +
        `${mebibytes(after, 'peakResidentBytes')} MiB)`,
    );
  });
});
