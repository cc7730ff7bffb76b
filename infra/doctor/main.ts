/**
 * `npm run doctor -- --base-url URL [--base-model NAME] [--draft-url URL [--draft-model NAME]]`:
 * checks live OpenAI-compatible endpoints for everything SpecReason relies on and says what to
 * change. Keys come from --base-api-key / --draft-api-key or BASE_API_KEY / DRAFT_API_KEY.
 * `--base-urls` / `--draft-urls` take a replica list as the Worker's BASE_URLS / DRAFT_URLS do:
 * the list is checked as the Worker checks it, then every replica is checked.
 * Exits 0 when nothing failed, 1 when a check failed, 2 for a usage mistake.
 */
import { parseArgs } from 'node:util';
import { parseReplicaList } from '../../src/adapters/pool/pool-settings.ts';
import { type DoctorReport, formatReport, runDoctor } from './doctor.ts';

const USAGE =
  'Usage: npm run doctor -- --base-url http://host:8000/v1 [--base-model NAME] [--base-api-key KEY]\n' +
  '                         [--base-chat-template NAME] [--draft-url URL] [--draft-model NAME]\n' +
  '                         [--draft-api-key KEY] [--draft-chat-template NAME]\n' +
  '                         [--timeout-ms 30000] [--json]\n' +
  '       npm run doctor -- --base-urls "URL [WEIGHT], URL" [--draft-urls "…"] (replica lists, as BASE_URLS / DRAFT_URLS)';

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      'base-url': { type: 'string' },
      'base-urls': { type: 'string' },
      'draft-urls': { type: 'string' },
      'base-model': { type: 'string' },
      'base-api-key': { type: 'string' },
      'base-chat-template': { type: 'string' },
      'draft-chat-template': { type: 'string' },
      'draft-url': { type: 'string' },
      'draft-model': { type: 'string' },
      'draft-api-key': { type: 'string' },
      'timeout-ms': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  }));
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(2);
}
const text = (name: string) => {
  const value = values[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};
if (values.help === true) {
  console.log(USAGE);
  process.exit(0);
}
/** The replicas of a role: a list flag checked as the Worker checks BASE_URLS, or the single URL. */
function replicaUrls(
  setting: string,
  list: string | undefined,
  single: string | undefined,
): string[] {
  if (list === undefined) return single === undefined ? [] : [single];
  const result = parseReplicaList(setting, list);
  if (result.ok) return result.pool.replicas.map((replica) => replica.url);
  console.error(result.problems.join('\n'));
  process.exit(2);
}
const baseUrls = replicaUrls(
  'BASE_URLS',
  values['base-urls'] as string | undefined,
  text('base-url'),
);
const draftUrls = replicaUrls(
  'DRAFT_URLS',
  values['draft-urls'] as string | undefined,
  text('draft-url'),
);
if (baseUrls.length === 0) {
  console.error(`--base-url (or --base-urls) is required\n${USAGE}`);
  process.exit(2);
}
const endpoint = (url: string, role: 'base' | 'draft') => ({
  url,
  model: text(`${role}-model`),
  apiKey:
    text(`${role}-api-key`) ?? process.env[role === 'base' ? 'BASE_API_KEY' : 'DRAFT_API_KEY'],
  chatTemplate:
    text(`${role}-chat-template`) ??
    process.env[role === 'base' ? 'BASE_CHAT_TEMPLATE' : 'DRAFT_CHAT_TEMPLATE'],
});
const timeoutMs = Number(text('timeout-ms') ?? 30_000);
// Every base replica is checked; each draft replica once, beside the first base replica.
const reports: DoctorReport[] = [];
for (const [index, url] of baseUrls.entries()) {
  const draftUrl = index === 0 ? draftUrls[0] : undefined;
  reports.push(
    await runDoctor({
      base: endpoint(url, 'base'),
      draft: draftUrl === undefined ? undefined : endpoint(draftUrl, 'draft'),
      timeoutMs,
    }),
  );
}
for (const url of draftUrls.slice(1))
  reports.push(await runDoctor({ draft: endpoint(url, 'draft'), timeoutMs }));
const report: DoctorReport = {
  sections: reports.flatMap((each) => each.sections),
  ok: reports.every((each) => each.ok),
};
console.log(values.json === true ? JSON.stringify(report, null, 2) : formatReport(report));
process.exit(report.ok ? 0 : 1);
