/**
 * The Conversation Durable Object, one per conversation: it stores (migrations in the store; no
 * model I/O at construction), schedules a turn's run slices in its alarm (run-slice.ts), relays
 * the event log to watchers and serves the Worker's RPC calls. What a turn does next, and when
 * it runs again, is the step machine's decision. Every transition is committed before the calls
 * it starts, so after eviction, a deploy, a crash or a repeated alarm the turn resumes.
 */
import { DurableObject } from 'cloudflare:workers';
import { SqliteConversationStore, type StorageStats } from './adapters/storage/sqlite-store.ts';
import { type AppConfig, readLogPrompts } from './app-config.ts';
import {
  type AnnotatedTurn,
  type ConversationView,
  type StartTurnInput,
  type StartTurnOutcome,
  summarizeTurn,
  type TurnActionOutcome,
  type TurnDetail,
  type TurnEventStream,
  type TurnSummary,
  turnOutcome,
} from './conversation-types.ts';
import { driveTurn } from './core/driver.ts';
import type { TurnEvent } from './core/events.ts';
import { transition } from './core/machine.ts';
import { problemMessages } from './core/prompts.ts';
import {
  canResume,
  createTurnState,
  hasTurnEnded,
  type MachineInput,
  type TurnState,
} from './core/state.ts';
import { EventHub } from './event-hub.ts';
import { logTurnEvents } from './observability.ts';
import { RunSlice } from './run-slice.ts';
import { modelsFromBindings } from './turn-models.ts';

export class Conversation extends DurableObject<CloudflareBindings> {
  private readonly store: SqliteConversationStore;
  private readonly hub = new EventHub();
  private readonly logging: Pick<AppConfig, 'logPrompts'>;
  private conversationId: string | undefined;
  private run: RunSlice | undefined;

  constructor(ctx: DurableObjectState, env: CloudflareBindings) {
    super(ctx, env);
    this.store = new SqliteConversationStore(ctx.storage);
    this.logging = { logPrompts: readLogPrompts(env) };
    void ctx.blockConcurrencyWhile(async () => this.store.open());
  }

  async startTurn(input: StartTurnInput): Promise<StartTurnOutcome> {
    const now = Date.now();
    const conversation = this.store.openConversation({
      ...input,
      id: input.conversationId,
      createdAt: now,
      system: input.system,
      seedHistory: input.seedHistory ?? [],
    });
    if (conversation === undefined) return { type: 'not-found' };
    // Before `busy`: a request chained to an earlier turn is refused as such even while a later
    // one runs.
    if (input.follows !== undefined) {
      const latestTurnId = this.store.latestTurnId();
      if (latestTurnId !== input.follows) return { type: 'not-latest', latestTurnId };
    }
    const active = this.store.activeTurn();
    if (active !== undefined) return { type: 'busy', turnId: active.turnId };
    const system = conversation.system ?? input.system;
    const state = createTurnState(
      input.config,
      problemMessages(input.problem, this.store.history(), system),
    );
    const turnId = this.store.createTurn(state, input.userText, now);
    if (input.annotation !== undefined) this.store.setAnnotation(turnId, input.annotation);
    await this.ctx.storage.setAlarm(now);
    return {
      type: 'started',
      turnId,
      afterSeq: (this.store.turn(turnId, false)?.firstSeq ?? 1) - 1,
    };
  }

  override async alarm(): Promise<void> {
    const turn = this.store.activeTurn();
    // A turn runs in one alarm at a time; a repeated alarm while it runs has nothing to do.
    if (turn === undefined || this.run !== undefined) return;
    const models = modelsFromBindings(this.env);
    if (!('base' in models))
      return this.apply(turn.turnId, { type: 'fail', failure: models.failure });
    await models.syncHealth();
    const slice = new RunSlice(turn.turnId);
    this.run = slice;
    await slice.run(this.ctx.storage, {
      drive: (signal) =>
        driveTurn({
          state: turn.state,
          models,
          now: () => Date.now(),
          affinityKey: this.store.conversation()?.id,
          signal,
          commit: (next, events) => this.commit(turn.turnId, next, events),
        }).finally(() => {
          this.run = undefined;
        }),
      end: () =>
        this.apply(turn.turnId, {
          type: 'slice-ended',
          now: Date.now(),
          cancelRequested: slice.cancelRequested,
        }),
    });
  }

  async cancelTurn(turnId: number): Promise<TurnActionOutcome> {
    if (this.store.turn(turnId, false) === undefined) return { type: 'not-found' };
    if (this.run?.turnId === turnId) await this.run.cancel();
    else await this.apply(turnId, { type: 'cancel-requested' });
    return turnOutcome(this.store.turn(turnId, false));
  }

  /** Picks a failed or paused turn up again now (the base backend is back). */
  async resumeTurn(turnId: number): Promise<TurnActionOutcome> {
    const record = this.store.turn(turnId, false);
    if (record === undefined) return { type: 'not-found' };
    const cannot = `Turn ${turnId} is ${record.status} and cannot be resumed`;
    if (!canResume(record.state)) return { type: 'conflict', message: cannot };
    const active = this.store.activeTurn();
    if (active !== undefined && active.turnId !== turnId) {
      return { type: 'conflict', message: `Turn ${active.turnId} is still in progress` };
    }
    await this.apply(turnId, { type: 'resume-requested', now: Date.now() });
    return turnOutcome(this.store.turn(turnId, false));
  }

  describe(): ConversationView | undefined {
    const conversation = this.store.conversation();
    if (conversation === undefined) return undefined;
    return {
      id: conversation.id,
      createdAt: conversation.createdAt,
      turns: this.store.turns().map(summarizeTurn),
    };
  }

  /** The turn without its steps (not loaded), for callers that need its status or cursor. */
  turnSummary(turnId: number): TurnSummary | undefined {
    const record = this.store.turn(turnId, false);
    return record === undefined ? undefined : summarizeTurn(record);
  }

  turnDetail(turnId: number): TurnDetail | undefined {
    const record = this.store.turn(turnId);
    if (record === undefined) return undefined;
    return { ...summarizeTurn(record), steps: record.state.steps };
  }

  /** The turn and its annotation (see StartTurnInput). */
  annotatedTurn(turnId: number): AnnotatedTurn | undefined {
    const detail = this.turnDetail(turnId);
    return detail === undefined ? undefined : { detail, annotation: this.store.annotation(turnId) };
  }

  /** As `annotatedTurn`, with the summary alone: the steps are not loaded. */
  annotatedSummary(turnId: number): AnnotatedTurn<TurnSummary> | undefined {
    const detail = this.turnSummary(turnId);
    return detail === undefined ? undefined : { detail, annotation: this.store.annotation(turnId) };
  }

  /** Replaces a turn's annotation; false if there is no such turn. */
  annotateTurn(turnId: number, annotation: string): boolean {
    return this.store.setAnnotation(turnId, annotation);
  }

  /**
   * The turn's events after `afterSeq` (newline-delimited JSON), then live ones until it ends;
   * `ended` says the stream holds only the replay. `undefined` if there is no such turn.
   */
  events(turnId: number, afterSeq: number): TurnEventStream | undefined {
    const record = this.store.turn(turnId, false);
    if (record === undefined) return undefined;
    const replay = this.store.events(turnId, afterSeq);
    const ended = hasTurnEnded(record.status);
    return { ended, stream: this.hub.watch(turnId, replay, ended) };
  }

  /** Storage figures for the benchmark; `undefined` if there is no conversation. */
  storageStats(): StorageStats | undefined {
    return this.store.stats();
  }

  private commit(turnId: number, state: TurnState, events: TurnEvent[]): void {
    const stored = this.store.commit(turnId, state, events, Date.now());
    this.hub.publish(turnId, stored);
    this.conversationId ??= this.store.conversation()?.id;
    logTurnEvents(this.logging, this.conversationId, stored, state, () =>
      this.store.turnCreatedAt(turnId),
    );
  }

  /** Feeds the machine one of the owner's inputs, stores the outcome, then sets the alarm it asks for. */
  private async apply(turnId: number, input: MachineInput): Promise<void> {
    const state = this.store.turn(turnId)?.state;
    if (state === undefined) return;
    const next = transition(state, input);
    const events = next.effects.flatMap((effect) => (effect.type === 'emit' ? [effect.event] : []));
    this.commit(turnId, next.state, events);
    for (const effect of next.effects) {
      if (effect.type === 'set-alarm') await this.ctx.storage.setAlarm(effect.at);
      else if (effect.type === 'clear-alarm') await this.ctx.storage.deleteAlarm();
    }
  }
}
