/**
 * Entry point of `npm run eval`: wires the command to the process (arguments, streams, environment,
 * Ctrl-C) and sets the exit status. Everything else lives in eval-command.ts.
 */
import { runEvalCommand } from './eval-command.ts';

const stop = new AbortController();
let interrupts = 0;
const onSignal = () => {
  interrupts++;
  // The first interrupt stops cleanly (a report of what finished); a second one exits at once.
  if (interrupts > 1) process.exit(130);
  process.stderr.write(
    '\nStopping: waiting for the report of what finished (Ctrl-C again to quit now)\n',
  );
  stop.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

try {
  process.exitCode = await runEvalCommand(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    signal: stop.signal,
  });
} catch (error) {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
