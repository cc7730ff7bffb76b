/**
 * What the Conversation Durable Object keeps, measured at time scale 0 (the simulator answers at
 * once; only the Worker's work takes time):
 * - storage: turns appended to one conversation, its database size after each; the slope is the
 *   bytes each kept step adds, without the fixed cost of an empty database;
 * - memory: long turns while the isolate's retained heap is read again and again.
 */
import { descendantsNamed, processUsage } from '../dev/process-usage.ts';
import type { EvalProblem } from '../eval/datasets/problem.ts';
import { connectIsolateHeap, type IsolateHeap } from './isolate-heap.ts';
import { longProblem } from './long-problem.ts';
import { type RunContext, withBenchStack } from './run-profile.ts';
import type { BenchTarget } from './run-turn.ts';
import { slope } from './statistics.ts';
import { turnRequestBody } from './turn-request.ts';

const STORAGE_PROFILE = 'paper-a6000';

export interface StorageMeasurement {
  points: { steps: number; bytes: number }[];
  /** Least-squares slope of database bytes over kept steps. */
  bytesPerStep: number | undefined;
  /** Bytes of step text (kept steps) per kept step, for scale. */
  stepTextBytesPerStep: number | undefined;
}

export interface MemoryTurn {
  steps: number;
  stepTextBytes: number;
  /** Isolate heap after a full collection: before the turn, during it, after it. */
  heap: { before: number; during: { steps: number; bytes: number }[]; after: number };
  /** Least-squares growth of the retained heap per kept step while the turn runs. */
  heapBytesPerStep: number | undefined;
  /** workerd's resident memory (includes garbage and the allocator's free pages). */
  resident: { before: number; after: number; peak: number };
}

export async function measureStorageAndMemory(
  context: RunContext,
): Promise<{ storage: StorageMeasurement; memory: MemoryTurn[] }> {
  const { options, log } = context;
  const stack = { profile: STORAGE_PROFILE, timeScale: 0, real: undefined };
  return withBenchStack(context, stack, async (bench, problems) => {
    const storage = await measureStorage(bench.target, problems, options.storageTurns);
    log(`storage: ${storage.points.length} turns in one conversation`);
    const memory: MemoryTurn[] = [];
    if (options.memorySteps > 0) {
      const heap = await connectIsolateHeap(bench.stack.inspectorPort);
      try {
        for (let turn = 0; turn < options.memoryTurns; turn += 1)
          memory.push(await measureLongTurn(bench.target, heap, options.memorySteps));
      } finally {
        heap.close();
      }
      log(`memory: ${memory.length} long turn(s) of ${options.memorySteps} operations`);
    }
    return { storage, memory };
  });
}

async function measureStorage(
  target: BenchTarget,
  problems: readonly EvalProblem[],
  turns: number,
): Promise<StorageMeasurement> {
  const headers = { authorization: `Bearer ${target.apiKey}`, 'content-type': 'application/json' };
  const points: { steps: number; bytes: number }[] = [];
  let textBytes = 0;
  let conversation: string | undefined;
  for (let index = 0; index < turns && problems.length > 0; index += 1) {
    const problem = problems[index % problems.length] as EvalProblem;
    const body = turnRequestBody({ problem, mode: 'speculative', threshold: 7, seed: index + 1 });
    const response = await fetch(`${target.workerUrl}/v1/chat/completions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...body, conversation_id: conversation }),
    });
    const reply = JSON.parse(await response.text()) as {
      choices?: { message?: { reasoning_content?: string } }[];
    };
    textBytes += Buffer.byteLength(reply.choices?.[0]?.message?.reasoning_content ?? '');
    conversation = response.headers.get('x-conversation-id') ?? undefined;
    const storage = (await (
      await fetch(`${target.workerUrl}/v1/conversations/${conversation}/storage`, { headers })
    ).json()) as { database_bytes: number; steps: number };
    points.push({ steps: storage.steps, bytes: storage.database_bytes });
  }
  const steps = points.at(-1)?.steps ?? 0;
  return {
    points,
    bytesPerStep: slope(points.map((point) => [point.steps, point.bytes])),
    stepTextBytesPerStep: steps > 0 ? textBytes / steps : undefined,
  };
}

/**
 * One long turn while the isolate's retained heap is read again and again (each reading pauses
 * the isolate for a collection) and workerd's resident memory is sampled every 20 ms.
 */
async function measureLongTurn(
  target: BenchTarget,
  heap: IsolateHeap,
  operations: number,
): Promise<MemoryTurn> {
  const headers = { authorization: `Bearer ${target.apiKey}`, 'content-type': 'application/json' };
  const pids = descendantsNamed(process.pid, 'workerd');
  const rss = () => pids.reduce((total, pid) => total + (processUsage(pid)?.residentBytes ?? 0), 0);
  const resident = [rss()];
  const timer = setInterval(() => resident.push(rss()), 20);
  const before = await heap.retainedBytes();
  const body = turnRequestBody({
    problem: longProblem(operations),
    mode: 'speculative',
    threshold: 7,
    seed: 1,
  });
  const knobs = { ...(body.specreason as object), token_budget: 1_000_000 };
  // The client leaves as soon as the turn has started (the turn goes on in the Durable Object),
  // so no request handler holds the growing answer while the object's memory is read.
  const response = await fetch(`${target.workerUrl}/v1/chat/completions`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ ...body, stream: true, specreason: knobs }),
  });
  await response.body?.cancel();
  const conversation = response.headers.get('x-conversation-id');
  const turn = `${target.workerUrl}/v1/conversations/${conversation}/turns/1`;
  const readings: { at: number; bytes: number }[] = [];
  // The last reading of the turn, once it is no longer running, is also its final detail.
  let detail: { status?: string; steps: { text: string }[] };
  do {
    const bytes = await heap.retainedBytes();
    readings.push({ at: Date.now(), bytes });
    detail = (await (await fetch(turn, { headers })).json()) as typeof detail;
  } while (detail.status === 'running');
  clearInterval(timer);
  const after = await heap.retainedBytes();
  resident.push(rss());
  const events = await (await fetch(`${turn}/events`, { headers })).text();
  const keptAt = [...events.matchAll(/^data: (.*)$/gm)]
    .map((match) => JSON.parse(match[1] ?? '{}') as { type: string; at: number })
    .filter((event) => /^step-(accepted|regenerated|generated)$/.test(event.type))
    .map((event) => event.at);
  const during = readings.map((reading) => ({
    steps: keptAt.filter((at) => at <= reading.at).length,
    bytes: reading.bytes,
  }));
  return {
    steps: detail.steps.length,
    stepTextBytes: detail.steps.reduce((total, step) => total + Buffer.byteLength(step.text), 0),
    heap: { before, during, after },
    heapBytesPerStep: slope(during.map((reading) => [reading.steps, reading.bytes])),
    resident: {
      before: resident[0] ?? 0,
      after: resident.at(-1) ?? 0,
      peak: Math.max(...resident),
    },
  };
}
