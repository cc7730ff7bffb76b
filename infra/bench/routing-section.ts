/**
 * Runs the replica-routing section from the benchmark's options and writes its report
 * (`replica-routing.json`, `replica-routing.md`) beside the others; returns its markdown.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchOptions } from './options.ts';
import { renderRoutingMarkdown } from './routing-markdown.ts';
import { runRoutingStudy } from './routing-study.ts';

export async function runRoutingSection(
  options: BenchOptions,
  log: (line: string) => void,
): Promise<string | undefined> {
  const skipped = options.routingWorlds.every((world) => world.count === 0);
  if (skipped || options.real !== undefined) return undefined;
  const report = await runRoutingStudy({
    worlds: options.routingWorlds,
    replicas: 4,
    profile: 'h100',
    timeScale: options.routingTimeScale,
    worldSeed: options.worldSeed,
    placementConversations: options.placementConversations,
    log,
  });
  const markdown = renderRoutingMarkdown(report);
  mkdirSync(options.out, { recursive: true });
  // Every conversation's steps (for the kill and placement comparisons) would make the file
  // megabytes; the comparisons' verdicts are in the report already.
  const figures = JSON.stringify(
    report,
    (key, value) => (key === 'outcomes' ? undefined : value),
    2,
  );
  writeFileSync(join(options.out, 'replica-routing.json'), `${figures}\n`);
  writeFileSync(join(options.out, 'replica-routing.md'), `${markdown}\n`);
  return markdown;
}
