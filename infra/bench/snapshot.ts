/**
 * A clean copy of the committed tree to benchmark from. wrangler dev reloads the Worker when a
 * source file changes, so a benchmark run from a working tree that others edit would restart
 * mid-turn and measure a mix of versions; a copy of HEAD (git archive, node_modules linked) does
 * neither, and the report can name the commit it measured.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Snapshot {
  root: string;
  commit: string;
  remove(): void;
}

/** The commit the tree at `root` has checked out, and whether tracked files differ from it. */
export function describeTree(root: string): { commit: string; isDirty: boolean } {
  const commit = execFileSync('git', ['-C', root, 'rev-parse', 'HEAD'], {
    encoding: 'utf8',
  }).trim();
  const status = execFileSync(
    'git',
    ['-C', root, 'status', '--porcelain', '--untracked-files=no'],
    {
      encoding: 'utf8',
    },
  );
  return { commit, isDirty: status.trim() !== '' };
}

/** Exports HEAD of the repository at `root` into a temporary folder. */
export function snapshotHead(root: string): Snapshot {
  const { commit } = describeTree(root);
  const folder = mkdtempSync(join(tmpdir(), 'specreason-bench-tree-'));
  const archive = execFileSync('git', ['-C', root, 'archive', '--format=tar', commit], {
    maxBuffer: 512 * 1024 * 1024,
  });
  execFileSync('tar', ['-x', '-C', folder], { input: archive });
  symlinkSync(join(root, 'node_modules'), join(folder, 'node_modules'));
  return { root: folder, commit, remove: () => rmSync(folder, { recursive: true, force: true }) };
}
