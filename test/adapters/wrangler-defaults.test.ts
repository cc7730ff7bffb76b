import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createBackends } from '../../src/adapters/create-backends.ts';
import type { WorkersAiBinding } from '../../src/adapters/workers-ai/workers-ai-transport.ts';

/**
 * The `[vars]` tables of wrangler.toml by environment ('' is the top level). The file's vars are
 * flat `KEY = "value"` (or '…') lines, which is all this reads.
 */
function wranglerVars(): Map<string, Record<string, string>> {
  const text = readFileSync(new URL('../../wrangler.toml', import.meta.url), 'utf8');
  const tables = new Map<string, Record<string, string>>();
  let current: Record<string, string> | undefined;
  for (const line of text.split('\n')) {
    const header = /^\[(?:env\.([\w-]+)\.)?vars\]\s*$/.exec(line);
    if (header) {
      current = {};
      tables.set(header[1] ?? '', current);
    } else if (line.startsWith('[')) {
      current = undefined;
    } else if (current) {
      const entry = /^(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(line);
      if (entry?.[1]) current[entry[1]] = entry[2] ?? entry[3] ?? '';
    }
  }
  return tables;
}

const binding: WorkersAiBinding = { run: async () => ({ response: 'unused' }) };

describe('the wrangler.toml defaults', () => {
  const tables = wranglerVars();

  it.each(['', 'local', 'staging', 'production'])(
    'build both backends in the "%s" environment, with no configuration refused',
    (name) => {
      const env = tables.get(name);
      expect(env).toBeDefined();
      const { base, draft } = createBackends({ env: env ?? {}, ai: binding });
      expect([base.modelId, draft.modelId].every((id) => id !== '')).toBe(true);
    },
  );

  it.each(['', 'staging', 'production'])(
    'draft the 32 B base with a small current model in the "%s" environment',
    (name) => {
      const env = tables.get(name) ?? {};
      expect(env.BASE_MODEL).toBe('Qwen/QwQ-32B');
      expect(env.DRAFT_MODEL).toBe('@cf/qwen/qwen3-30b-a3b-fp8');
    },
  );
});
