/** The core stays pure: it imports only itself and touches no I/O, clock, randomness or console. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = join(import.meta.dirname, '../../src/core');
const FORBIDDEN = [
  /\bfetch\(/,
  /Date\.now/,
  /new Date\(/,
  /console\./,
  /crypto\./,
  /Math\.random/,
  /setTimeout/,
  /process\./,
];

const files = readdirSync(CORE).filter((name) => name.endsWith('.ts'));

describe('src/core', () => {
  it('has modules to check', () => {
    expect(files.length).toBeGreaterThan(8);
  });

  it.each(files)('%s imports nothing outside src/core', (name) => {
    const source = readFileSync(join(CORE, name), 'utf8');
    const specifiers = [...source.matchAll(/(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/g)].map(
      (match) => match[1],
    );
    for (const specifier of specifiers) expect(specifier).toMatch(/^\.\/[a-z-]+\.ts$/);
  });

  it.each(files)('%s reaches no global I/O, clock or randomness', (name) => {
    const code = readFileSync(join(CORE, name), 'utf8')
      .split('\n')
      .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
      .join('\n');
    for (const pattern of FORBIDDEN) expect(code).not.toMatch(pattern);
  });
});
