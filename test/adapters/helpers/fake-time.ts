/**
 * Time for adapter tests without waiting: a scheduler whose timers fire when the test advances
 * its clock, and a sleep that records the waits it was asked for and returns at once.
 */
import type { Scheduler, Sleep } from '../../../src/adapters/call/call-options.ts';

export const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);

export interface FakeScheduler {
  schedule: Scheduler;
  /** Moves the clock forward, firing every timer that falls due, in order. */
  advance(milliseconds: number): void;
  /** Timers scheduled and neither fired nor cancelled. */
  readonly pendingCount: number;
  /** Milliseconds advanced so far; while a timer fires, the time it was due. */
  readonly elapsedMs: number;
}

export function createFakeScheduler(): FakeScheduler {
  let clock = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  let nextId = 0;
  return {
    schedule(delayMs, callback) {
      const id = nextId++;
      timers.set(id, { at: clock + delayMs, callback });
      return () => timers.delete(id);
    },
    advance(milliseconds) {
      const until = clock + milliseconds;
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, timer]) => timer.at <= until)
          .sort(([, a], [, b]) => a.at - b.at)[0];
        if (due === undefined) break;
        const [id, timer] = due;
        timers.delete(id);
        clock = timer.at;
        timer.callback();
      }
      clock = until;
    },
    get pendingCount() {
      return timers.size;
    },
    get elapsedMs() {
      return clock;
    },
  };
}

export interface RecordingSleep {
  sleep: Sleep;
  /** Every wait asked for, in milliseconds, in order. */
  waits: number[];
}

export function createRecordingSleep(): RecordingSleep {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (delayMs, signal) => {
      waits.push(delayMs);
      if (signal?.aborted) throw signal.reason;
    },
  };
}

/** Lets pending promise callbacks run (a few turns of the microtask queue). */
export async function settle(turns = 20): Promise<void> {
  for (let turn = 0; turn < turns; turn++) await Promise.resolve();
}
