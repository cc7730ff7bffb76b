/**
 * A supervised command lives exactly as long as its starter wants: it goes when the starter's
 * pipe closes (as when the starter is killed outright), and a stop signal for its group lets it
 * finish and reports its own exit status.
 */
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { killGroup, spawnOwned } from './owned-process.ts';

let child: ChildProcess | undefined;

afterEach(async () => {
  if (child !== undefined) await killGroup(child, 'SIGKILL');
  child = undefined;
});

/** A Node one-liner run under the supervisor, its output piped here. */
function supervise(script: string): { child: ChildProcess; output: () => string } {
  const started = spawnOwned(process.execPath, ['-e', script], { stdio: 'pipe' });
  let output = '';
  started.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return { child: started, output: () => output };
}

function firstOutput(started: ChildProcess): Promise<string> {
  return new Promise((resolve) => started.stdout?.once('data', (chunk) => resolve(String(chunk))));
}

/** Resolves when every process writing to the child's stdout (the command too) has exited. */
function outputClosed(started: ChildProcess): Promise<void> {
  return new Promise((resolve) => started.stdout?.once('close', () => resolve()));
}

describe('a supervised command', () => {
  it('is stopped when the pipe from its starter closes, as when the starter is killed', async () => {
    const started = supervise(
      "process.on('SIGTERM', () => { console.log('stopping'); process.exit(0); }); console.log('up'); setInterval(() => {}, 1000);",
    );
    child = started.child;
    expect(await firstOutput(child)).toContain('up');
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    const closed = outputClosed(child);

    child.stdin?.destroy();

    await exited;
    await closed;
    // Asked to stop first (SIGTERM), and gone: its end of the output pipe is closed.
    expect(started.output()).toContain('stopping');
  });

  it('finishes on a stop signal for its group and exits with its own status', async () => {
    const started = supervise(
      "process.on('SIGTERM', () => { console.log('stopping'); process.exit(3); }); console.log('up'); setInterval(() => {}, 1000);",
    );
    child = started.child;
    expect(await firstOutput(child)).toContain('up');

    await killGroup(child, 'SIGTERM');

    expect(started.output()).toContain('stopping');
    expect(child.exitCode).toBe(3);
  });
});
