/**
 * Pool-wide load from the figures each isolate reports: the shared record (src/replica-health.ts)
 * keeps every reporter's latest figures with the time they arrived, forgets a reporter silent for
 * `LOAD_TTL_MS` (so a crashed isolate's calls stop counting as in flight), and answers each
 * reporter with the others' totals; the isolate adds its own live figures to them. Pure: time is
 * passed in, and a board is replaced, never changed.
 */
import type { ReplicaLoad } from './load-skip.ts';

/** One isolate's load figures by replica id, as it reports them. */
export type LoadSnapshot = Readonly<Record<string, ReplicaLoad>>;

/** One replica's load summed over reporters: sums, so that totals add up across isolates. */
export interface LoadTotal {
  /** Calls in flight, over every counted reporter. */
  readonly inFlight: number;
  /** The sum of the reporters' recent latencies in ms (reporters without one add nothing). */
  readonly latencyMsSum: number;
  /** How many reporters gave a recent latency. */
  readonly latencyCount: number;
}

/** Load totals by replica id. */
export type LoadTotals = Readonly<Record<string, LoadTotal>>;

/** Every reporter's latest figures, with the record's own clock reading when they arrived. */
export type LoadBoard = ReadonlyMap<string, { readonly at: number; readonly load: LoadSnapshot }>;

/**
 * A reporter silent this long no longer counts. Isolates with calls in flight report every
 * `LOAD_SEND_INTERVAL_MS` (load-reporter.ts), so this tolerates a few lost or slow reports.
 */
export const LOAD_TTL_MS = 10_000;

/** The board with `reporter`'s figures replaced by `load`, and reporters past the TTL dropped. */
export function recordLoad(
  board: LoadBoard,
  reporter: string,
  load: LoadSnapshot,
  now: number,
): LoadBoard {
  const next = new Map([...board].filter(([, entry]) => isFresh(entry.at, now)));
  next.set(reporter, { at: now, load });
  return next;
}

/** The totals of every fresh reporter but `reporter` (the one asking counts itself live). */
export function othersLoad(board: LoadBoard, reporter: string, now: number): LoadTotals {
  const totals: Record<string, LoadTotal> = {};
  for (const [name, entry] of board) {
    if (name === reporter || !isFresh(entry.at, now)) continue;
    for (const [id, load] of Object.entries(entry.load)) {
      const total = totals[id] ?? { inFlight: 0, latencyMsSum: 0, latencyCount: 0 };
      totals[id] = {
        inFlight: total.inFlight + load.inFlight,
        latencyMsSum: total.latencyMsSum + (load.latencyMs ?? 0),
        latencyCount: total.latencyCount + (load.latencyMs === undefined ? 0 : 1),
      };
    }
  }
  return totals;
}

/**
 * A replica's pool-wide load: this isolate's live figures plus the others' totals. In-flight
 * calls add up; latency is the mean over the reporters that have one, this isolate included.
 */
export function withOthers(local: ReplicaLoad, others: LoadTotal | undefined): ReplicaLoad {
  if (others === undefined) return local;
  const latencyMsSum = others.latencyMsSum + (local.latencyMs ?? 0);
  const latencyCount = others.latencyCount + (local.latencyMs === undefined ? 0 : 1);
  return {
    inFlight: local.inFlight + others.inFlight,
    latencyMs: latencyCount === 0 ? undefined : latencyMsSum / latencyCount,
  };
}

function isFresh(at: number, now: number): boolean {
  return now - at < LOAD_TTL_MS;
}
