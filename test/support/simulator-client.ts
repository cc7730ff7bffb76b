/**
 * The simulator's own routes (infra/simulator/routes/sim.ts) as the suites use them: standing
 * faults per model, the per-request record (busy time, wall-clock start and end, status), the
 * seeded problem worlds, and killing a replica.
 */
import type { FaultKind } from '../../infra/simulator/faults.ts';
import type { FlavourSetting } from '../../infra/simulator/flavours/flavour.ts';

/** One request as `/sim/stats` records it. */
export interface SimulatedRequest {
  /** Derived from the request body when it carries a seed: a retried call keeps its id. */
  id: string;
  model: string;
  kind: 'judge' | 'reasoning';
  /** `ok`, `aborted` or `fault:<kind>`. */
  status: string;
  startedAt: number;
  endedAt: number;
  busyMs: number;
  sampling: { temperature: number; top_p: number; top_k: number; max_tokens: number };
  /** How the prompt the server saw differs from the reference render, if it does. */
  anomalies?: string[];
}

export class SimulatorClient {
  constructor(readonly url: string) {}

  async setFaults(
    model: 'base' | 'draft' | '*',
    faults: {
      rate: number;
      kinds: readonly FaultKind[];
      seed?: number;
      retryAfterSeconds?: number;
    },
  ): Promise<void> {
    await this.post('/sim/faults', { model, ...faults });
  }

  async clearFaults(model: 'base' | 'draft' | '*' = '*'): Promise<void> {
    await this.post('/sim/faults', { model, clear: true });
  }

  async requests(): Promise<SimulatedRequest[]> {
    const response = await fetch(`${this.url}/sim/stats`);
    return ((await response.json()) as { requests: SimulatedRequest[] }).requests;
  }

  /** Forgets the recorded requests; with `cache`, also empties the prefix caches. */
  async resetStats(options: { cache?: boolean } = {}): Promise<void> {
    await this.post(options.cache ? '/sim/stats/reset?cache=1' : '/sim/stats/reset', {});
  }

  /** Stops this simulator (one replica of a pool) as a crashed server stops. */
  async kill(): Promise<void> {
    await this.post('/sim/kill', {});
  }

  /** Serves `model` ('*' for every model) as the given server flavour from now on. */
  async setFlavour(model: string, flavour: FlavourSetting): Promise<void> {
    await this.post('/sim/flavour', { model, ...flavour });
  }

  /** `count` distinct problems of a world, the same for the same seed. */
  async problems(count: number, seed: number, world = 'math'): Promise<string[]> {
    const response = await fetch(`${this.url}/sim/worlds/${world}?count=${count}&seed=${seed}`);
    const lines = (await response.text()).trim().split('\n');
    return lines.map((line) => (JSON.parse(line) as { problem: string }).problem);
  }

  private async post(path: string, body: unknown): Promise<void> {
    const response = await fetch(`${this.url}${path}`, {
      method: 'POST',
      body: JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  }
}
