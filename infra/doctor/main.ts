/**
 * `npm run doctor -- --base-url URL [--base-model NAME] [--draft-url URL [--draft-model NAME]]`:
 * checks live OpenAI-compatible endpoints for everything SpecReason relies on and says what to
 * change. Keys come from --base-api-key / --draft-api-key or BASE_API_KEY / DRAFT_API_KEY.
 * Exits 0 when nothing failed, 1 when a check failed, 2 for a usage mistake.
 */
import { parseArgs } from 'node:util';
import { formatReport, runDoctor } from './doctor.ts';

const USAGE =
  'Usage: npm run doctor -- --base-url http://host:8000/v1 [--base-model NAME] [--base-api-key KEY]\n' +
  '                         [--base-chat-template NAME] [--draft-url URL] [--draft-model NAME]\n' +
  '                         [--draft-api-key KEY] [--draft-chat-template NAME]\n' +
  '                         [--timeout-ms 30000] [--json]';

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      'base-url': { type: 'string' },
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
const baseUrl = text('base-url');
if (baseUrl === undefined) {
  console.error(`--base-url is required\n${USAGE}`);
  process.exit(2);
}
const draftUrl = text('draft-url');
const report = await runDoctor({
  base: {
    url: baseUrl,
    model: text('base-model'),
    apiKey: text('base-api-key') ?? process.env.BASE_API_KEY,
    chatTemplate: text('base-chat-template') ?? process.env.BASE_CHAT_TEMPLATE,
  },
  draft:
    draftUrl === undefined
      ? undefined
      : {
          url: draftUrl,
          model: text('draft-model'),
          apiKey: text('draft-api-key') ?? process.env.DRAFT_API_KEY,
          chatTemplate: text('draft-chat-template') ?? process.env.DRAFT_CHAT_TEMPLATE,
        },
  timeoutMs: Number(text('timeout-ms') ?? 30_000),
});
console.log(values.json === true ? JSON.stringify(report, null, 2) : formatReport(report));
process.exit(report.ok ? 0 : 1);
