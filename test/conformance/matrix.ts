/**
 * The conformance matrix: every server flavour × API mode × draft provider, the Worker settings
 * each combination uses (the deploy recipes in infra/deploy/README.md), and what must happen: a
 * working turn, or a refusal at configuration time whose message names the setting and its fix.
 */
import type { FaultKind } from '../../infra/simulator/faults.ts';
import type { FlavourSetting } from '../../infra/simulator/flavours/flavour.ts';

export const WORKERS_AI_DRAFT_MODEL = '@cf/qwen/qwen3-30b-a3b-fp8';
/** The names the deploy recipes serve the models under (the simulator answers to them). */
export const BASE_MODEL = 'Qwen/QwQ-32B';
export const DRAFT_MODEL = 'deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B';
/** A base model whose chat template trims message content (the simulator serves it as `llama-base`). */
export const LLAMA_BASE_MODEL = 'meta-llama/Llama-3.3-70B-Instruct';
export const WORKERS_AI_ACCOUNT = 'conformance';

export type ApiMode = 'chat' | 'completions';
export type DraftProvider = 'openai-compatible' | 'workers-ai binding' | 'workers-ai REST';

export interface Row {
  /** How the matrix prints it: the server and its launch flags. */
  label: string;
  /** The simulator flavour of the base model (and of an OpenAI-compatible draft). */
  flavour: FlavourSetting;
  /** `BASE_SERVER` / `DRAFT_SERVER`. */
  server: string;
  /** A base model of another template family (`BASE_MODEL`, `BASE_CHAT_TEMPLATE`); default QwQ. */
  base?: { model: string; template: string };
}

export const ROWS: readonly Row[] = [
  { label: 'vllm', flavour: { server: 'vllm' }, server: 'vllm' },
  {
    label: 'vllm --reasoning-parser deepseek_r1',
    flavour: {
      server: 'vllm',
      reasoningParser: 'deepseek_r1',
      reasoningField: 'reasoning_content',
    },
    server: 'vllm',
  },
  {
    label: 'vllm --reasoning-parser qwen3 --stream-interval 4',
    flavour: {
      server: 'vllm',
      reasoningParser: 'qwen3',
      reasoningField: 'reasoning',
      streamInterval: 4,
    },
    server: 'vllm',
  },
  {
    label: 'vllm, Llama 3 template',
    flavour: { server: 'vllm' },
    server: 'vllm',
    base: { model: LLAMA_BASE_MODEL, template: 'llama3' },
  },
  { label: 'sglang', flavour: { server: 'sglang' }, server: 'sglang' },
  { label: 'llama.cpp (thinking on)', flavour: { server: 'llama.cpp' }, server: 'llama.cpp' },
  {
    label: 'workers-ai (OpenAI-compatible API)',
    flavour: { server: 'workers-ai' },
    server: 'workers-ai',
  },
];

export const MODES: readonly ApiMode[] = ['chat', 'completions'];
export const PROVIDERS: readonly DraftProvider[] = [
  'openai-compatible',
  'workers-ai binding',
  'workers-ai REST',
];

/** One combination, possibly with a twist beyond the three axes. */
export interface Cell {
  row: Row;
  mode: ApiMode;
  provider: DraftProvider;
  /** `DRAFT_WORKERS_AI_API` for a Workers AI draft. */
  workersAiApi: 'legacy' | 'openai';
  /** How the fake binding words its errors (see fake-ai-binding.ts). */
  bindingErrors?: 'bare' | 'prefixed';
  /** A standing fault on the draft model, and what the cell then shows. */
  draftFault?: { kinds: FaultKind[]; rate: number; seed: number; label: string };
}

/** What a cell must do. */
export type Expectation = { works: true } | { works: false; messageIncludes: readonly string[] };

export function cells(): Cell[] {
  const grid = ROWS.flatMap((row) =>
    MODES.flatMap((mode) =>
      PROVIDERS.map((provider): Cell => ({ row, mode, provider, workersAiApi: 'legacy' })),
    ),
  );
  const vllm = ROWS[0] as Row;
  return [
    ...grid,
    { row: vllm, mode: 'completions', provider: 'workers-ai binding', workersAiApi: 'openai' },
    {
      row: vllm,
      mode: 'completions',
      provider: 'workers-ai binding',
      workersAiApi: 'legacy',
      bindingErrors: 'prefixed',
      draftFault: {
        kinds: ['429'],
        // Seed 5 at rate 0.5: the first draft call gets a capacity error, the later ones none.
        rate: 0.5,
        seed: 5,
        label: 'capacity errors ("InferenceUpstreamError: 3040: …") on the draft',
      },
    },
    {
      row: vllm,
      mode: 'completions',
      provider: 'workers-ai REST',
      workersAiApi: 'legacy',
      draftFault: {
        kinds: ['no-done'],
        rate: 1,
        seed: 1,
        label: 'draft streams end without [DONE]',
      },
    },
  ];
}

/** The expected outcome, from the servers' behaviour (infra/simulator/README.md, "Server flavours"). */
export function expectation(cell: Cell): Expectation {
  const { server } = cell.row;
  if (server === 'workers-ai')
    return { works: false, messageIncludes: ['BASE_SERVER=workers-ai', 'set BASE_URL'] };
  if (
    cell.mode === 'chat' &&
    (server === 'sglang' || server === 'llama.cpp' || cell.row.base?.template === 'llama3')
  )
    return {
      works: false,
      messageIncludes: ['BASE_API_MODE=chat', 'set BASE_API_MODE=completions'],
    };
  if (cell.provider !== 'openai-compatible' && cell.workersAiApi === 'openai') {
    return {
      works: false,
      messageIncludes: ['DRAFT_WORKERS_AI_API=openai', 'set DRAFT_WORKERS_AI_API=legacy'],
    };
  }
  return { works: true };
}

/** The Worker settings of a cell (everything else stays as wrangler.toml's `local` environment). */
export function workerSettings(cell: Cell, simulatorUrl: string): Record<string, string> {
  const baseUrl =
    cell.row.server === 'workers-ai'
      ? `${simulatorUrl}/client/v4/accounts/${WORKERS_AI_ACCOUNT}/ai/v1`
      : `${simulatorUrl}/v1`;
  const settings: Record<string, string> = {
    BASE_URL: baseUrl,
    BASE_MODEL: cell.row.base?.model ?? BASE_MODEL,
    BASE_API_MODE: cell.mode,
    BASE_SERVER: cell.row.server,
    ...(cell.mode === 'completions'
      ? { BASE_CHAT_TEMPLATE: cell.row.base?.template ?? 'qwq' }
      : {}),
  };
  if (cell.provider === 'openai-compatible') {
    return {
      ...settings,
      DRAFT_PROVIDER: 'openai-compatible',
      DRAFT_URL: baseUrl,
      DRAFT_MODEL,
      DRAFT_API_MODE: cell.mode,
      DRAFT_SERVER: cell.row.server,
      ...(cell.mode === 'completions' ? { DRAFT_CHAT_TEMPLATE: 'qwq' } : {}),
    };
  }
  return {
    ...settings,
    DRAFT_PROVIDER: 'workers-ai',
    DRAFT_MODEL: WORKERS_AI_DRAFT_MODEL,
    DRAFT_WORKERS_AI_API: cell.workersAiApi,
    ...(cell.workersAiApi === 'legacy' ? { DRAFT_CHAT_TEMPLATE: 'qwq' } : {}),
    ...(cell.provider === 'workers-ai REST'
      ? { WORKERS_AI_REST_URL: simulatorUrl, WORKERS_AI_ACCOUNT_ID: WORKERS_AI_ACCOUNT }
      : {}),
  };
}

/** Every setting a cell may set, so that the next cell starts from wrangler.toml's values. */
export const MANAGED_SETTINGS = [
  'BASE_URL',
  'BASE_MODEL',
  'BASE_API_MODE',
  'BASE_SERVER',
  'BASE_CHAT_TEMPLATE',
  'DRAFT_PROVIDER',
  'DRAFT_URL',
  'DRAFT_MODEL',
  'DRAFT_API_MODE',
  'DRAFT_SERVER',
  'DRAFT_CHAT_TEMPLATE',
  'DRAFT_WORKERS_AI_API',
  'DRAFT_PROMPT_BOS',
  'WORKERS_AI_REST_URL',
  'WORKERS_AI_ACCOUNT_ID',
] as const;

/** The simulator flavour of the draft model in a cell. */
export function draftFlavour(cell: Cell): FlavourSetting {
  return cell.provider === 'openai-compatible'
    ? cell.row.flavour
    : { server: 'workers-ai', workersAiApi: cell.workersAiApi };
}

export function cellLabel(cell: Cell): string {
  const provider =
    cell.provider === 'openai-compatible'
      ? cell.provider
      : `${cell.provider} (${cell.workersAiApi})`;
  const twist = cell.draftFault === undefined ? '' : `, ${cell.draftFault.label}`;
  return `${cell.row.label} | ${cell.mode} | ${provider}${twist}`;
}

/** The printed table: one line per combination, its outcome and why. */
export function renderTable(
  results: readonly { cell: Cell; outcome: string; why: string }[],
): string {
  const header = ['server (launch flags)', 'API mode', 'draft provider', 'outcome', 'why'];
  const rows = results.map(({ cell, outcome, why }) => {
    const [server = '', mode = '', provider = ''] = cellLabel(cell).split(' | ');
    return [server, mode, provider, outcome, why.replaceAll('|', '/')];
  });
  const lines = [header, header.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`);
  return ['Conformance matrix (test/conformance/backend-matrix.test.ts)', ...lines].join('\n');
}
