/**
 * A background response outlives its Worker runtime: the runtime is killed with SIGKILL while a
 * client streams the response, and started again. The response finishes on its own, and the
 * client, resuming with `starting_after` its last sequence number, receives every event exactly
 * once: what it got before the kill and after it together are the whole stream, as a later
 * replay gives it. A background response can also be cancelled mid-turn.
 */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { useStack } from '../support/stack.ts';

// A slowed-down test profile, so a turn lasts a few seconds and can be interrupted.
const fixture = useStack('response-crash', { timeScale: 20 });
const client = () =>
  new OpenAI({
    baseURL: `${fixture.stack().workerUrl}/v1`,
    apiKey: fixture.stack().apiKey,
    maxRetries: 0,
  });

type Event = { type: string; sequence_number: number; delta?: string };

async function background(): Promise<string> {
  const problem = (await fixture.simulator().problems(1, 3, 'math'))[0] as string;
  const response = await client().responses.create({
    model: 'specreason',
    input: problem,
    background: true,
    // @ts-expect-error the SpecReason extension is not in the SDK's types
    specreason: { prompt_template: 'math', seed: 4321 },
  });
  expect(response.status).toBe('queued');
  return response.id;
}

/** Reads a stream until `stop` says so or it ends; a broken stream simply ends the read. */
async function read(
  stream: AsyncIterable<unknown>,
  into: Event[],
  stop: (events: Event[]) => boolean = () => false,
): Promise<void> {
  try {
    for await (const event of stream) {
      into.push(event as Event);
      if (stop(into)) return;
    }
  } catch {
    // The runtime died under the stream: the client resumes from what it has.
  }
}

describe('a background response when the Worker runtime is killed', () => {
  it('finishes, and a client resuming with starting_after gets every event exactly once', async () => {
    const id = await background();
    const received: Event[] = [];
    const steps = (events: Event[]) =>
      events.filter((event) => event.type === 'response.reasoning_summary_part.done').length;
    // Two steps in, the runtime is killed under the open stream, which then breaks.
    let killed: Promise<void> | undefined;
    await read(await client().responses.retrieve(id, { stream: true }), received, (events) => {
      if (killed === undefined && steps(events) >= 2) killed = fixture.stack().killWorker();
      return false;
    });
    expect(killed).toBeDefined();
    await killed;
    expect(received.at(-1)?.type).not.toBe('response.completed');
    await fixture.stack().startWorker();

    const last = received.at(-1)?.sequence_number as number;
    const resumed: Event[] = [];
    await read(
      await client().responses.retrieve(id, { stream: true, starting_after: last }),
      resumed,
    );
    const together = [...received, ...resumed];
    expect(together.map((event) => event.sequence_number)).toEqual(
      together.map((_, index) => index),
    );
    expect(together.at(-1)?.type).toBe('response.completed');

    const replay: Event[] = [];
    await read(await client().responses.retrieve(id, { stream: true }), replay);
    expect(together).toEqual(replay);
    const done = await client().responses.retrieve(id);
    expect(done.status).toBe('completed');
    const reasoning = together
      .filter((event) => event.type === 'response.reasoning.delta')
      .map((event) => event.delta)
      .join('');
    expect((done.output[0] as any).content[0].text).toBe(reasoning);
  });

  it('cancels a background response in the middle of its turn', async () => {
    const id = await background();
    const seen: Event[] = [];
    await read(await client().responses.retrieve(id, { stream: true }), seen, (events) =>
      events.some((event) => event.type === 'response.reasoning.delta'),
    );
    const cancelled = await client().responses.cancel(id);
    expect(cancelled.status).toBe('cancelled');
    const events: Event[] = [];
    await read(await client().responses.retrieve(id, { stream: true }), events);
    expect(events.at(-1)?.type).toBe('response.cancelled');
  });
});
