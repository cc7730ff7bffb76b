import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeTree, snapshotHead } from './snapshot.ts';

function repository(): string {
  const root = mkdtempSync(join(tmpdir(), 'bench-snapshot-test-'));
  const git = (...args: string[]) =>
    execFileSync('git', [
      '-C',
      root,
      '-c',
      'user.name=t',
      '-c',
      'user.email=t@example.com',
      ...args,
    ]);
  git('init', '-q');
  writeFileSync(join(root, 'worker.ts'), 'committed\n');
  git('add', 'worker.ts');
  git('commit', '-q', '-m', 'first');
  mkdirSync(join(root, 'node_modules'));
  return root;
}

describe('benchmarking a clean copy of the commit', () => {
  it('copies the committed files, not edits in progress, and links the installed packages', () => {
    const root = repository();
    writeFileSync(join(root, 'worker.ts'), 'edited by someone else\n');
    expect(describeTree(root).isDirty).toBe(true);
    const snapshot = snapshotHead(root);
    try {
      expect(snapshot.commit).toBe(describeTree(root).commit);
      expect(readFileSync(join(snapshot.root, 'worker.ts'), 'utf8')).toBe('committed\n');
      expect(realpathSync(join(snapshot.root, 'node_modules'))).toBe(
        realpathSync(join(root, 'node_modules')),
      );
    } finally {
      snapshot.remove();
    }
    expect(existsSync(snapshot.root)).toBe(false);
  });
});
