/** The doctor checks a replica list as the Worker checks BASE_URLS, and names the setting. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const MAIN = join(import.meta.dirname, 'main.ts');
const doctor = (...args: string[]) =>
  spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 30_000 });

describe('doctor replica lists', () => {
  it('refuses an empty list, a bad URL and a duplicate, naming BASE_URLS, before any call', () => {
    const empty = doctor('--base-urls', ' , ');
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/^BASE_URLS is empty/);
    const wrong = doctor('--base-urls', 'http://a.test/v1, ftp://b.test, http://A.test/v1/');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('BASE_URLS entry 2 must be an http(s) URL (got "ftp://b.test")');
    expect(wrong.stderr).toContain('BASE_URLS lists http://A.test/v1/ twice (entries 1 and 3)');
  });

  it('names DRAFT_URLS for a draft list', () => {
    const result = doctor('--base-url', 'http://a.test/v1', '--draft-urls', 'http://d.test/v1 0');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('DRAFT_URLS entry 1 has weight "0"');
  });
});
