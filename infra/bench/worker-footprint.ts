/**
 * The Worker's own costs, apart from any latency profile: its overhead per step at real time
 * (worker-overhead.ts), then what its Durable Object stores and holds in memory at time scale 0
 * (worker-memory.ts).
 */
import type { RunContext } from './run-profile.ts';
import {
  type MemoryTurn,
  measureStorageAndMemory,
  type StorageMeasurement,
} from './worker-memory.ts';
import { measureWorkerOverhead, type OverheadMeasurement } from './worker-overhead.ts';

export interface WorkerFootprint {
  overhead: OverheadMeasurement;
  storage: StorageMeasurement;
  memory: MemoryTurn[];
}

export async function measureWorkerFootprint(context: RunContext): Promise<WorkerFootprint> {
  const overhead = await measureWorkerOverhead(context);
  const { storage, memory } = await measureStorageAndMemory(context);
  return { overhead, storage, memory };
}
