/**
 * Live watchers of turns: each is a stream of newline-delimited JSON events. A watcher first
 * gets the stored events after its cursor, then every new one as it is committed; the stream
 * closes after `turn-end`. Replay and registration happen in one synchronous step, so no event
 * committed in between is missed or sent twice.
 */
import { encodeEventLine, endsTurn, type StoredEvent } from './turn-log.ts';

type Watcher = ReadableStreamDefaultController<Uint8Array>;

export class EventHub {
  private readonly watchers = new Map<number, Set<Watcher>>();

  /** A stream of `replay`, then of the turn's new events until it ends (unless `ended`). */
  watch(
    turnId: number,
    replay: readonly StoredEvent[],
    ended: boolean,
  ): ReadableStream<Uint8Array> {
    let registered: Watcher | undefined;
    return new ReadableStream<Uint8Array>({
      start: (controller) => {
        for (const event of replay) controller.enqueue(encodeEventLine(event));
        if (ended) {
          controller.close();
          return;
        }
        registered = controller;
        const set = this.watchers.get(turnId) ?? new Set<Watcher>();
        set.add(controller);
        this.watchers.set(turnId, set);
      },
      cancel: () => {
        if (registered !== undefined) this.remove(turnId, registered);
      },
    });
  }

  publish(turnId: number, events: readonly StoredEvent[]): void {
    const set = this.watchers.get(turnId);
    if (set === undefined) return;
    for (const controller of [...set]) {
      try {
        for (const event of events) controller.enqueue(encodeEventLine(event));
        if (events.some(endsTurn)) {
          controller.close();
          this.remove(turnId, controller);
        }
      } catch {
        this.remove(turnId, controller);
      }
    }
  }

  private remove(turnId: number, controller: Watcher): void {
    const set = this.watchers.get(turnId);
    set?.delete(controller);
    if (set?.size === 0) this.watchers.delete(turnId);
  }
}
