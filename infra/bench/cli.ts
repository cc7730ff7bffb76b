/**
 * `npm run bench`: runs the problem set through the Worker (wrangler dev via startStack) on each
 * latency profile in every mode, then the Worker's own footprint, and writes the report (JSON,
 * markdown, SVG plots). Progress goes to stderr; the targets and the comparison tables to stdout.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { startStack } from '../dev/stack.ts';
import { buildReport, type RunFacts } from './build-report.ts';
import { parseBenchOptions, USAGE } from './options.ts';
import { renderMarkdown } from './render-markdown.ts';
import { runRoutingSection } from './routing-section.ts';
import { type RunContext, runProfile, type TurnResult } from './run-profile.ts';
import { describeTree, type Snapshot, snapshotHead } from './snapshot.ts';
import { measureWorkerFootprint } from './worker-footprint.ts';
import { writeReport } from './write-report.ts';

const ROOT = join(import.meta.dirname, '../..');
const argv = process.argv.slice(2);
if (argv.includes('--help')) {
  console.log(USAGE);
  process.exit(0);
}

const options = parseBenchOptions(argv, process.env);
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
if (options.routingOnly) {
  console.log(
    (await runRoutingSection(options, log)) ?? 'The replica-routing section was skipped.',
  );
  process.exit(0);
}
const loads: RunFacts['machine']['loadAverage'] = [];
const sampleLoad = () => loads.push({ at: new Date().toISOString(), oneMinute: loadavg()[0] ?? 0 });
const startedAt = new Date();
sampleLoad();
const loadTimer = setInterval(sampleLoad, 60_000);

let snapshot: Snapshot | undefined;
let start: typeof startStack | undefined;
const tree = describeTree(ROOT);
if (options.snapshot) {
  snapshot = snapshotHead(ROOT);
  ({ startStack: start } = (await import(join(snapshot.root, 'infra/dev/stack.ts'))) as {
    startStack: typeof startStack;
  });
  log(`measuring a clean copy of ${snapshot.commit.slice(0, 12)} in ${snapshot.root}`);
}

const context: RunContext = { options, log, start, root: snapshot?.root ?? ROOT };
const turns: TurnResult[] = [];
try {
  for (const profile of options.profiles) {
    turns.push(...(await runProfile(context, profile)));
    sampleLoad();
  }
  const routing = await runRoutingSection(options, log);
  // The footprint measures the Worker against the simulator; real endpoints only change latency.
  const footprint = options.real === undefined ? await measureWorkerFootprint(context) : undefined;
  sampleLoad();
  const facts: RunFacts = {
    command: `npm run bench -- ${argv.join(' ')}`.trim(),
    commit: tree.commit,
    tree:
      snapshot !== undefined
        ? 'snapshot'
        : tree.isDirty
          ? 'working tree with uncommitted changes'
          : 'working tree',
    startedAt: startedAt.toISOString(),
    durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
    machine: { cpus: cpus().length, loadAverage: loads, node: process.version },
  };
  const report = buildReport(options, facts, turns, footprint);
  const written = writeReport(options.out, report, turns);
  // The repository's formatter checks committed JSON: leave report.json the way it would.
  execFileSync(
    join(ROOT, 'node_modules/.bin/biome'),
    ['format', '--write', join(options.out, 'report.json')],
    {
      stdio: 'ignore',
    },
  );
  const markdown = renderMarkdown(report);
  console.log(markdown.slice(0, markdown.indexOf('## The Worker')).trimEnd());
  if (routing !== undefined) console.log(`\n${routing}`);
  log(`wrote ${written.length} files to ${options.out} in ${facts.durationSeconds.toFixed(0)} s`);
  const failed = turns.filter((turn) => !turn.ok).length;
  if (failed > 0) log(`${failed} of ${turns.length} turns failed`);
  process.exitCode = turns.length > 0 && failed === turns.length ? 1 : 0;
} finally {
  clearInterval(loadTimer);
  snapshot?.remove();
}
