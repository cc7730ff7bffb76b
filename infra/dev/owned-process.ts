/**
 * Child processes that die with the process that started them. `spawnOwned` runs a command under
 * supervisor.ts, as the leader of a new process group: the command and everything it starts
 * (wrangler's workerd) share that group, so `killGroup` reaches them all, and the supervisor
 * stops the group when the starter is gone, even killed with SIGKILL. Without it, a killed
 * `npm start`, test run or benchmark left the simulator and the Worker holding their ports.
 */
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { join } from 'node:path';

const SUPERVISOR = join(import.meta.dirname, 'supervisor.ts');

/**
 * Spawns `command` supervised, detached into its own process group. Its stdin is the pipe the
 * supervisor watches (do not write to it or end it); stdout and stderr are as `stdio` says.
 */
export function spawnOwned(
  command: string,
  args: string[],
  options: Omit<SpawnOptions, 'detached' | 'stdio'> & { stdio: 'ignore' | 'pipe' },
): ChildProcess {
  const { stdio, ...rest } = options;
  const child = spawn(process.execPath, [SUPERVISOR, command, ...args], {
    ...rest,
    detached: true,
    stdio: ['pipe', stdio, stdio],
  });
  // The pipe's only job is to close when this process dies; a supervisor that exited first
  // must not turn it into an unhandled EPIPE here.
  child.stdin?.on('error', () => {});
  return child;
}

/** Signals the child's process group (it was spawned detached) and waits for it to exit. */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  const pid = child.pid;
  if (child.exitCode !== null || child.signalCode !== null || pid === undefined) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    try {
      process.kill(-pid, signal);
    } catch {
      resolve();
    }
  });
}
