/**
 * Runs the doctor's checks against a base endpoint and, optionally, a draft endpoint, in the
 * order they depend on each other: a check whose prerequisite failed is skipped, saying why.
 */
import { guessChatTemplate } from '../../src/adapters/prompt/chat-templates.ts';
import { type CheckResult, skip } from './check.ts';
import { checkModels, checkModes, checkStop } from './endpoint-checks.ts';
import type { Target } from './http.ts';
import { checkJudgeLogprobs, checkJudgeTokenization } from './judge-checks.ts';
import {
  checkPromptFidelity,
  checkReasoningParser,
  checkSamplingLimits,
  checkServer,
} from './server-checks.ts';

export interface EndpointOptions {
  url: string;
  model?: string | undefined;
  apiKey?: string | undefined;
  /** The chat template to compare the server's render with; guessed from the model name when absent. */
  chatTemplate?: string | undefined;
}

export interface DoctorOptions {
  /** Absent when only a draft endpoint is checked (a further draft replica). */
  base?: EndpointOptions | undefined;
  draft?: EndpointOptions | undefined;
  timeoutMs?: number;
}

export interface Section {
  role: 'base' | 'draft';
  url: string;
  results: CheckResult[];
}

export interface DoctorReport {
  sections: Section[];
  /** No check failed (warnings and skips allowed). */
  ok: boolean;
}

async function checkEndpoint(
  role: Section['role'],
  endpoint: EndpointOptions,
  timeoutMs: number,
): Promise<Section> {
  const target: Target = { baseUrl: endpoint.url, apiKey: endpoint.apiKey, timeoutMs };
  const envName = role === 'base' ? 'BASE' : 'DRAFT';
  const later = [
    'models',
    'chat-continuation',
    'completions',
    'reasoning-parser',
    'prompt-fidelity',
    ...(role === 'base' ? ['judge-logprobs'] : []),
    'stop-strings',
    ...(role === 'base' ? ['judge-tokenization'] : []),
    'sampling-limits',
  ];
  const results: CheckResult[] = [];
  const done = (why: string) => {
    const reported = new Set(results.map((result) => result.id));
    for (const id of later) if (!reported.has(id)) results.push(skip(id, why));
    return { role, url: endpoint.url, results };
  };
  const server = await checkServer(target, envName);
  results.push(server.result);
  if (server.server === 'workers-ai') {
    results.push(await checkSamplingLimits(target, endpoint.model ?? '', 'chat'));
    return done('skipped: not a server SpecReason can continue');
  }
  const models = await checkModels(target, endpoint.model, envName);
  results.push(models.result);
  if (models.model === undefined) return done('skipped: the model is not served');
  const modes = await checkModes(target, models.model, envName);
  results.push(...modes.results);
  if (modes.mode === undefined) return done('skipped: no way to continue the thinking');
  if (modes.mode === 'chat') {
    results.push(checkReasoningParser(modes.continued, envName));
    results.push(
      await checkPromptFidelity(
        target,
        models.model,
        envName,
        endpoint.chatTemplate,
        modes,
        server.server,
      ),
    );
  }
  const template = endpoint.chatTemplate ?? guessChatTemplate(models.model);
  if (role === 'base')
    results.push(await checkJudgeLogprobs(target, models.model, modes.mode, template));
  results.push(await checkStop(target, models.model, modes.mode, template));
  if (role === 'base') results.push(await checkJudgeTokenization(target, models.model));
  results.push(await checkSamplingLimits(target, models.model, modes.mode));
  return done('skipped: chat continuation is not used');
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const sections: Section[] = [];
  if (options.base !== undefined)
    sections.push(await checkEndpoint('base', options.base, timeoutMs));
  if (options.draft !== undefined) {
    sections.push(await checkEndpoint('draft', options.draft, timeoutMs));
  }
  const ok = sections.every((section) =>
    section.results.every((result) => result.status !== 'fail'),
  );
  return { sections, ok };
}

const MARKS = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', skip: 'SKIP' } as const;

/** The report as the terminal shows it: one line per check, the fix under each problem. */
export function formatReport(report: DoctorReport): string {
  const lines: string[] = [];
  const counts = { pass: 0, fail: 0, warn: 0, skip: 0 };
  for (const section of report.sections) {
    lines.push('', `${section.role === 'base' ? 'Base' : 'Draft'} model endpoint  ${section.url}`);
    for (const result of section.results) {
      counts[result.status] += 1;
      lines.push(`  ${MARKS[result.status]}  ${result.id.padEnd(20)} ${result.detail}`);
      if (result.fix !== undefined) lines.push(`        change: ${result.fix}`);
    }
  }
  lines.push(
    '',
    `${counts.pass} passed, ${counts.fail} failed, ${counts.warn} warnings, ${counts.skip} skipped`,
  );
  lines.push(report.ok ? 'Everything SpecReason relies on is there.' : 'Fix the FAIL lines above.');
  return lines.join('\n');
}
