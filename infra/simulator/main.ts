/**
 * `npm run simulator`: starts the simulator from flags, environment and config file, prints
 * where it listens, and stops cleanly on SIGINT/SIGTERM. `--replicas N` starts N replicas in one
 * process (replicas.ts; ports --port, --port + 1, …) and also prints the `BASE_URLS` value that
 * points a Worker at all of them.
 */
import { readConfig, USAGE } from './config.ts';
import { createReplicaSet } from './replicas.ts';

const argv = process.argv.slice(2);
if (argv.includes('--help')) {
  console.log(
    `${USAGE}\n  --replicas N       start N replicas, each with its own /sim/stats and /sim/faults (default 1)`,
  );
  process.exit(0);
}
try {
  const at = argv.indexOf('--replicas');
  const count = at === -1 ? 1 : Number(argv[at + 1]);
  const rest = at === -1 ? argv : [...argv.slice(0, at), ...argv.slice(at + 2)];
  const config = readConfig(rest, process.env);
  const set = createReplicaSet(config, count);
  const urls = await set.listen();
  const models = [...(set.replicas[0]?.state.models.keys() ?? [])].join(', ');
  console.log(
    `simulator: vLLM-compatible server${count > 1 ? 's' : ''} at ${urls.join(', ')} (models ${models}; profile ${config.profile.name}; time scale ${config.timeScale})`,
  );
  if (count > 1) console.log(`BASE_URLS="${urls.map((url) => `${url}/v1`).join(', ')}"`);
  const stop = () => {
    void set.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(`simulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
