/**
 * Global setup of the conformance project (runs in Node, outside workerd): one simulator for the
 * whole matrix (test profile, no waiting; the draft also answers to a Workers AI model id), and a
 * sink the matrix posts its table to, printed once the run ends so that it shows even when every
 * cell passes.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { loadProfile } from '../../infra/simulator/profile.ts';
import { startSimulator } from '../../infra/simulator/testing/harness.ts';
import { BASE_MODEL, DRAFT_MODEL, LLAMA_BASE_MODEL, WORKERS_AI_DRAFT_MODEL } from './matrix.ts';

export default async function setup(project: TestProject) {
  const profile = loadProfile('test');
  const { base, draft } = profile.models;
  if (base === undefined || draft === undefined)
    throw new Error('The test profile needs a base and a draft model');
  const simulator = await startSimulator({
    profile: {
      ...profile,
      models: {
        base: { ...base, aliases: [BASE_MODEL] },
        draft: { ...draft, aliases: [DRAFT_MODEL, WORKERS_AI_DRAFT_MODEL] },
        'llama-base': { ...base, template: 'llama3', aliases: [LLAMA_BASE_MODEL] },
      },
    },
  });
  const tables: string[] = [];
  const sink = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    request.on('end', () => {
      tables.push(text);
      response.end();
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  project.provide('simulatorUrl', simulator.url);
  project.provide('reportUrl', `http://127.0.0.1:${(sink.address() as AddressInfo).port}`);
  return async () => {
    for (const table of tables) process.stdout.write(`\n${table}\n`);
    sink.close();
    await simulator.close();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    simulatorUrl: string;
    reportUrl: string;
  }
}
