/**
 * The Worker runtime killed with SIGKILL in the middle of a turn and started again: the turn
 * finishes on its own, with exactly the steps of an undisturbed run with the same seed, none
 * lost or repeated.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../../infra/dev/stack.ts';

let stack: Stack;

beforeAll(async () => {
  // A slowed-down test profile, so a turn lasts a few seconds and can be interrupted.
  stack = await startStack({
    profile: 'test',
    timeScale: 20,
    persistTo: mkdtempSync(join(tmpdir(), 'sr-crash-')),
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const headers = () => ({
  authorization: `Bearer ${stack.apiKey}`,
  'content-type': 'application/json',
});

async function problem(): Promise<string> {
  const response = await fetch(`${stack.simulatorUrl}/sim/worlds/math?count=1&seed=3`);
  return JSON.parse((await response.text()).trim().split('\n')[0] as string).problem;
}

function ask(question: string): Promise<Response> {
  return fetch(`${stack.workerUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: headers(),
    body: JSON.stringify({
      model: 'specreason',
      messages: [{ role: 'user', content: question }],
      stream: true,
      specreason: { prompt_template: 'math', seed: 1234, threshold: 7 },
    }),
  });
}

async function turn(conversation: string): Promise<any> {
  const response = await fetch(`${stack.workerUrl}/v1/conversations/${conversation}/turns/1`, {
    headers: headers(),
  });
  return response.json();
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch {
      // the Worker may be restarting
    }
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a Worker runtime killed mid-turn', () => {
  it('finishes the turn after a restart with the steps of an undisturbed run', async () => {
    const question = await problem();
    const undisturbed = await ask(question);
    await undisturbed.text();
    const expected = await turn(undisturbed.headers.get('x-conversation-id') as string);
    expect(expected.status).toBe('completed');

    const interrupted = await ask(question);
    const conversation = interrupted.headers.get('x-conversation-id') as string;
    void interrupted.text().catch(() => {});
    await waitFor(async () => ((await turn(conversation)).steps.length >= 2 ? true : undefined));
    await stack.killWorker();
    await stack.startWorker();

    const events = await fetch(
      `${stack.workerUrl}/v1/conversations/${conversation}/turns/1/events`,
      {
        headers: headers(),
      },
    );
    const log = await events.text();
    expect(log).toContain('event: turn-end');
    const finished = await turn(conversation);
    expect(finished.status).toBe('completed');
    expect(finished.steps.map((step: any) => [step.index, step.text, step.decision])).toEqual(
      expected.steps.map((step: any) => [step.index, step.text, step.decision]),
    );
    const keptInLog = [...log.matchAll(/^event: step-(accepted|regenerated|generated)$/gm)].length;
    expect(keptInLog).toBe(finished.steps.length);
    expect(finished.answer).toBe(expected.answer);
  });
});
