/**
 * The doctor against a compatible server (the simulator: all green), against the simulator with
 * its judge losing logprobs, and against a server missing several features: it names exactly
 * what is missing and what to change.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../simulator/server.ts';
import { testSimulatorConfig } from '../simulator/testing/harness.ts';
import { formatReport, runDoctor } from './doctor.ts';
import { INCOMPATIBLE_MODEL, startIncompatibleServer } from './incompatible-server.ts';

let simulator: Simulator;
let simulatorUrl: string;

function simulatorWith(faults = {}) {
  return createSimulator(testSimulatorConfig({ deterministic: true, faults }));
}

beforeAll(async () => {
  simulator = simulatorWith();
  simulatorUrl = `${await simulator.listen()}/v1`;
});

afterAll(async () => {
  await simulator?.close();
});

const statuses = (results: Array<{ id: string; status: string }>) =>
  Object.fromEntries(results.map((result) => [result.id, result.status]));
const allPassing = (ids: readonly string[]) => Object.fromEntries(ids.map((id) => [id, 'pass']));

/** The checks run on every model, and those run on the base model only. */
const MODEL_CHECKS = [
  'server',
  'models',
  'chat-continuation',
  'completions',
  'reasoning-parser',
  'prompt-fidelity',
  'stop-strings',
  'sampling-limits',
];
const JUDGE_CHECKS = ['judge-logprobs', 'judge-tokenization'];

describe('the doctor', () => {
  it('reports every check green against the simulator, for the base and the draft model', async () => {
    const report = await runDoctor({
      base: { url: simulatorUrl, model: 'base', chatTemplate: 'qwq' },
      draft: { url: simulatorUrl, model: 'draft', chatTemplate: 'qwq' },
    });
    expect(report.ok).toBe(true);
    // The base model runs every check, the draft every one but the judge's.
    expect(statuses(report.sections[0]?.results ?? [])).toEqual(
      allPassing([...MODEL_CHECKS, ...JUDGE_CHECKS]),
    );
    expect(statuses(report.sections[1]?.results ?? [])).toEqual(allPassing(MODEL_CHECKS));
  });

  it('fails only the judge check when the base model returns no logprobs', async () => {
    const faulty = simulatorWith({ base: { rate: 1, kinds: ['no-logprobs'], seed: 1 } });
    const url = `${await faulty.listen()}/v1`;
    try {
      const report = await runDoctor({ base: { url, model: 'base', chatTemplate: 'qwq' } });
      expect(report.ok).toBe(false);
      const failed = report.sections[0]?.results.filter((result) => result.status !== 'pass');
      expect(failed).toEqual([
        expect.objectContaining({
          id: 'judge-logprobs',
          status: 'fail',
          detail: 'the reply has no logprobs',
        }),
      ]);
    } finally {
      await faulty.close();
    }
  });

  it('names the model to configure when the name is not served', async () => {
    const report = await runDoctor({ base: { url: simulatorUrl, model: 'Qwen/QwQ-32B-typo' } });
    const [server, models, ...rest] = report.sections[0]?.results ?? [];
    expect(server).toMatchObject({ id: 'server', status: 'pass' });
    expect(models).toMatchObject({ id: 'models', status: 'fail' });
    expect(models?.fix).toContain('--served-model-name Qwen/QwQ-32B-typo');
    expect(rest.every((result) => result.status === 'skip')).toBe(true);
  });

  it('reports exactly what an incompatible server lacks and what to change', async () => {
    const server = await startIncompatibleServer();
    try {
      const report = await runDoctor({ base: { url: server.url } });
      const results = report.sections[0]?.results ?? [];
      expect(statuses(results)).toEqual({
        server: 'warn',
        models: 'pass',
        'chat-continuation': 'warn',
        completions: 'pass',
        'reasoning-parser': 'skip',
        'prompt-fidelity': 'skip',
        'judge-logprobs': 'fail',
        'stop-strings': 'fail',
        'judge-tokenization': 'skip',
        'sampling-limits': 'pass',
      });
      const byId = Object.fromEntries(results.map((result) => [result.id, result]));
      expect(byId.models?.detail).toContain(INCOMPATIBLE_MODEL);
      expect(byId['chat-continuation']?.detail).toContain(
        'continue_final_message is not supported',
      );
      expect(byId['chat-continuation']?.fix).toContain('BASE_API_MODE=completions');
      expect(byId['judge-logprobs']?.detail).toBe('5 alternatives instead of 10');
      expect(byId['judge-logprobs']?.fix).toContain('--max-logprobs');
      expect(byId['stop-strings']?.fix).toContain('ignores `stop`');
      const text = formatReport(report);
      expect(text).toContain('FAIL  judge-logprobs');
      expect(text).toContain('3 passed, 2 failed, 2 warnings, 3 skipped');
    } finally {
      await server.close();
    }
  });

  it('runs as a command that exits 0 when all is well and prints the checks', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        join(import.meta.dirname, 'main.ts'),
        '--base-url',
        simulatorUrl,
        '--base-model',
        'base',
        '--base-chat-template',
        'qwq',
      ],
      { timeout: 60_000 },
    );
    expect(stdout).toContain('PASS  judge-logprobs');
    expect(stdout).toContain('10 passed, 0 failed');
  });
});
