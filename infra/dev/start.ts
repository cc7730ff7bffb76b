/**
 * `npm start`: the simulator and the Worker (wrangler dev, local environment, state on disk),
 * then where to reach them and a development API key. PORT sets the Worker's port (default
 * 8787), SIM_PORT the simulator's (default 8788), SIM_PROFILE and SIM_TIME_SCALE its timing,
 * STATE_DIR where the Worker keeps its state (default .wrangler/state). Ctrl+C, SIGTERM or a
 * closed terminal stop both children; so does killing this process outright (owned-process.ts).
 */
import { startStack } from './stack.ts';

const port = Number(process.env.PORT ?? 8787);
const simulatorPort = Number(process.env.SIM_PORT ?? 8788);
const stack = await startStack({
  port,
  simulatorPort,
  profile: process.env.SIM_PROFILE ?? 'h100',
  timeScale: Number(process.env.SIM_TIME_SCALE ?? 1),
  persistTo: process.env.STATE_DIR || undefined,
  verbose: process.env.VERBOSE === '1',
}).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

console.log(`
SpecReason Edge is running on the built-in simulator.

  Playground:  ${stack.workerUrl}/
  API:         ${stack.workerUrl}/v1   (OpenAI-compatible; model "specreason")
  API key:     ${stack.apiKey}          (development key accepted by the local environment)
  Simulator:   ${stack.simulatorUrl}   (vLLM-compatible base and draft models)

Try it:
  curl ${stack.workerUrl}/v1/chat/completions \\
    -H 'authorization: Bearer ${stack.apiKey}' -H 'content-type: application/json' \\
    -d '{"model":"specreason","messages":[{"role":"user","content":"What is 17*23+4?"}]}'

Press Ctrl+C to stop.`);

const stop = () => {
  void stack.stop().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
process.once('SIGHUP', stop);
