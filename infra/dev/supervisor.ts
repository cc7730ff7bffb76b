/**
 * Runs one command and ties its life to the process that started it:
 *
 *   node infra/dev/supervisor.ts <command> [args...]
 *
 * Started by `spawnOwned` (owned-process.ts) as the leader of its own process group, with its
 * stdin a pipe from the starter. The starter never writes to that pipe; when the starter is gone,
 * however it went (SIGKILL, a closed terminal's SIGHUP, a crash), the kernel closes its end and
 * stdin ends here. The supervisor then stops its process group: SIGTERM, and SIGKILL for whatever
 * is left once the command has exited or after a grace period. Node cannot ask Linux to signal a
 * child when its parent dies (prctl PR_SET_PDEATHSIG), hence the pipe.
 *
 * A stop signal for the group (SIGTERM, SIGINT, SIGHUP) also reaches the command; the supervisor
 * waits for the command to exit and then exits with its status, killing the group if the command
 * has not finished within the grace period.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

const GRACE_MS = 10_000;

const [command, ...args] = process.argv.slice(2);
if (command === undefined) {
  console.error('usage: node infra/dev/supervisor.ts <command> [args...]');
  process.exit(2);
}

// stdout and stderr are the starter's pipes, handed straight to the command.
const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let orphaned = false;

/** Signals this process group (this process included), or the command alone if not a leader. */
function signalGroup(signal: NodeJS.Signals): void {
  try {
    process.kill(-process.pid, signal);
  } catch {
    child.kill(signal);
  }
}

let graceTimer: NodeJS.Timeout | undefined;
function killAfterGrace(): void {
  graceTimer ??= setTimeout(() => signalGroup('SIGKILL'), GRACE_MS);
}

child.once('exit', (code, signal) => {
  clearTimeout(graceTimer);
  // Leftovers of a command whose starter is gone (a runtime it spawned) go with it.
  if (orphaned) signalGroup('SIGKILL');
  process.exit(code ?? 128 + (signal === null ? 0 : constants.signals[signal]));
});
child.once('error', (error) => {
  console.error(`supervisor: cannot start ${command}: ${error.message}`);
  process.exit(127);
});

// A group-wide stop signal has already reached the command: wait for it, within the grace.
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, killAfterGrace);

const starterGone = () => {
  if (orphaned) return;
  orphaned = true;
  signalGroup('SIGTERM');
  killAfterGrace();
};
process.stdin.on('end', starterGone);
process.stdin.on('error', starterGone);
process.stdin.resume();
