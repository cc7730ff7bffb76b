/**
 * `npm run simulator`: starts the simulator from flags, environment and config file, prints
 * where it listens, and stops cleanly on SIGINT/SIGTERM.
 */
import { readConfig, USAGE } from './config.ts';
import { createSimulator } from './server.ts';

const argv = process.argv.slice(2);
if (argv.includes('--help')) {
  console.log(USAGE);
  process.exit(0);
}
try {
  const config = readConfig(argv, process.env);
  const simulator = createSimulator(config);
  const url = await simulator.listen();
  const models = [...simulator.state.models.keys()].join(', ');
  console.log(
    `simulator: vLLM-compatible server at ${url} (models ${models}; profile ${config.profile.name}; time scale ${config.timeScale})`,
  );
  const stop = () => {
    void simulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(`simulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
