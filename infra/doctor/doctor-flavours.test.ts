/**
 * The doctor against each server flavour of the simulator (issue 14): it tells the servers apart,
 * and finds a reasoning parser, a refused prefill, an injected `</think>`, SGLang's doubled
 * `<think>`, a template that trims, and Workers AI's input limits, each with the settings to use.
 */
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../simulator/profile.ts';
import { post, startSimulator, useSimulator } from '../simulator/testing/harness.ts';
import type { CheckResult } from './check.ts';
import { runDoctor } from './doctor.ts';

const running = useSimulator({ deterministic: true });

async function doctorAgainst(flavour: Record<string, unknown>, path = '/v1') {
  await post(running.url, '/sim/flavour', { model: '*', ...flavour });
  const report = await runDoctor({
    base: { url: `${running.url}${path}`, model: 'base', chatTemplate: 'qwq' },
  });
  return Object.fromEntries(
    (report.sections[0]?.results ?? []).map((result) => [result.id, result]),
  ) as Record<string, CheckResult>;
}

describe('the doctor against each server flavour', () => {
  it('names vLLM and finds nothing else to change', async () => {
    const checks = await doctorAgainst({ server: 'vllm' });
    expect(checks.server?.detail).toContain('set BASE_SERVER=vllm');
    const problems = Object.values(checks).filter((check) => check.status !== 'pass');
    expect(problems).toEqual([]);
  });

  it('finds a reasoning parser from where continued thinking comes back', async () => {
    const checks = await doctorAgainst({ server: 'vllm', reasoningParser: 'deepseek_r1' });
    expect(checks['reasoning-parser']).toMatchObject({ status: 'warn' });
    expect(checks['reasoning-parser']?.detail).toContain('`reasoning_content`');
    expect(checks['reasoning-parser']?.fix).toContain('--reasoning-parser');
    expect(checks['stop-strings']?.status).toBe('pass');
  });

  it("finds SGLang's doubled <think> and says to continue raw", async () => {
    const checks = await doctorAgainst({ server: 'sglang' });
    expect(checks.server?.detail).toContain('set BASE_SERVER=sglang');
    expect(checks['prompt-fidelity']).toMatchObject({ status: 'fail' });
    expect(checks['prompt-fidelity']?.detail).toContain('doubling <think>');
    expect(checks['prompt-fidelity']?.fix).toBe(
      'Continue raw: set BASE_SERVER=sglang, BASE_API_MODE=completions and BASE_CHAT_TEMPLATE=qwq.',
    );
  });

  it("explains llama.cpp's refused prefill with the settings that avoid it", async () => {
    const checks = await doctorAgainst({ server: 'llama.cpp' });
    expect(checks['chat-continuation']).toMatchObject({ status: 'warn' });
    expect(checks['chat-continuation']?.detail).toContain(
      'Assistant response prefill is incompatible with enable_thinking.',
    );
    expect(checks['chat-continuation']?.fix).toContain(
      'set BASE_SERVER=llama.cpp, BASE_API_MODE=completions and BASE_CHAT_TEMPLATE=qwq',
    );
  });

  it('finds the </think> llama.cpp injects when thinking is off', async () => {
    const checks = await doctorAgainst({ server: 'llama.cpp', thinking: false });
    expect(checks['prompt-fidelity']).toMatchObject({ status: 'fail' });
    expect(checks['prompt-fidelity']?.detail).toContain('</think>');
    expect(checks['prompt-fidelity']?.fix).toContain('BASE_API_MODE=completions');
  });

  it("refuses Workers AI's OpenAI-compatible API as a base and reports its input limits", async () => {
    const checks = await doctorAgainst({ server: 'workers-ai' }, '/client/v4/accounts/a/ai/v1');
    expect(checks.server).toMatchObject({ status: 'fail' });
    expect(checks.server?.fix).toContain('DRAFT_PROVIDER=workers-ai');
    expect(checks['sampling-limits']).toMatchObject({ status: 'warn' });
    expect(checks['sampling-limits']?.detail).toContain("must be >= 1 at '/seed'");
    expect(checks['sampling-limits']?.detail).toContain("must be >= 0.001 at '/top_p'");
  });
});

describe('the doctor against a Llama 3 template', () => {
  it('finds that the template trims the continued step', async () => {
    const profile = loadProfile('test');
    const trimming = await startSimulator({
      profile: {
        ...profile,
        models: {
          base: {
            ...(profile.models.base as NonNullable<typeof profile.models.base>),
            template: 'llama3',
          },
        },
      },
    });
    try {
      const report = await runDoctor({
        base: { url: `${trimming.url}/v1`, model: 'base', chatTemplate: 'llama3' },
      });
      const fidelity = report.sections[0]?.results.find(
        (result) => result.id === 'prompt-fidelity',
      );
      expect(fidelity).toMatchObject({ status: 'fail' });
      expect(fidelity?.detail).toContain('trims');
      expect(fidelity?.fix).toBe(
        'Continue raw: set BASE_API_MODE=completions and BASE_CHAT_TEMPLATE=llama3.',
      );
    } finally {
      await trimming.close();
    }
  });
});
