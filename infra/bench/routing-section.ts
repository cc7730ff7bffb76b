/**
 * Runs the replica-routing section from the benchmark's options and writes its report
 * (`replica-routing.json`, `replica-routing.md`) beside the others; returns its markdown.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchOptions } from './options.ts';
import { renderRoutingMarkdown, runReplicaRouting } from './replica-routing.ts';

export async function runRoutingSection(
  options: BenchOptions,
  log: (line: string) => void,
): Promise<string | undefined> {
  if (options.routingConversations === 0 || options.real !== undefined) return undefined;
  const report = await runReplicaRouting({
    conversations: options.routingConversations,
    replicas: 4,
    profile: 'h100',
    timeScale: options.routingTimeScale,
    worldSeed: options.worldSeed,
    log,
  });
  const markdown = renderRoutingMarkdown(report);
  mkdirSync(options.out, { recursive: true });
  writeFileSync(join(options.out, 'replica-routing.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(options.out, 'replica-routing.md'), `${markdown}\n`);
  return markdown;
}
