/**
 * `node infra/simulator/replicas-main.ts --replicas 4 [simulator options]`: starts several
 * simulator replicas in one process (ports --port, --port + 1, …) and prints the `BASE_URLS`
 * value that points a Worker at all of them. Every other flag is the simulator's own.
 */
import { readConfig, USAGE } from './config.ts';
import { createReplicaSet } from './replicas.ts';

const argv = process.argv.slice(2);
if (argv.includes('--help')) {
  console.log(
    `${USAGE}\n  --replicas N       how many replicas (this entry point only; default 2)`,
  );
  process.exit(0);
}
try {
  const at = argv.indexOf('--replicas');
  const count = at === -1 ? 2 : Number(argv[at + 1]);
  const rest = at === -1 ? argv : [...argv.slice(0, at), ...argv.slice(at + 2)];
  const set = createReplicaSet(readConfig(rest, process.env), count);
  const urls = await set.listen();
  console.log(`simulator: ${urls.length} replicas; /sim/stats and /sim/faults on each`);
  console.log(`BASE_URLS="${urls.map((url) => `${url}/v1`).join(', ')}"`);
  const stop = () => {
    void set.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(`simulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
