/**
 * The Conversation Durable Object: one per conversation, a thin shell around the core. It owns
 * storage (schema migration: in the constructor for an existing conversation, at creation for a
 * new one; no model I/O there), turns one at a time, the
 * alarm that drives the step loop with no client connected, and the RPC methods the Worker
 * calls. Every machine transition is committed before the calls it starts, so after eviction,
 * a deploy, a crash or a repeated alarm the turn resumes from its last committed step.
 */
import { DurableObject } from 'cloudflare:workers';
import { createBackends } from './adapters/create-backends.ts';
import { SqliteConversationStore, type TurnRecord } from './adapters/storage/sqlite-store.ts';
import type { WorkersAiBinding } from './adapters/workers-ai/workers-ai-transport.ts';
import { readAppConfig } from './app-config.ts';
import type {
  AnnotatedTurn,
  ConversationView,
  StartTurnInput,
  StartTurnOutcome,
  TurnActionOutcome,
  TurnDetail,
  TurnSummary,
} from './conversation-types.ts';
import { driveTurn, type TurnModels } from './core/driver.ts';
import type { CallFailure, TurnEvent } from './core/events.ts';
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

/** One alarm runs the loop this long at most, well inside the 15-minute alarm limit. */
const RUN_SLICE_MS = 10 * 60 * 1000;
/**
 * While a run is alive the alarm is kept this far ahead of now: if the object is evicted or
 * restarted mid-run, that alarm picks the turn up again from its last committed step.
 */
const HEARTBEAT_MS = 10_000;

export class Conversation extends DurableObject<CloudflareBindings> {
  private readonly store: SqliteConversationStore;
  private readonly hub = new EventHub();
  private conversationId: string | undefined;
  private run:
    | { turnId: number; controller: AbortController; cancel: boolean; done: Promise<void> }
    | undefined;

  constructor(ctx: DurableObjectState, env: CloudflareBindings) {
    super(ctx, env);
    this.store = new SqliteConversationStore(ctx.storage);
    void ctx.blockConcurrencyWhile(async () => {
      this.store.open();
    });
  }

  async startTurn(input: StartTurnInput): Promise<StartTurnOutcome> {
    const now = Date.now();
    const conversation = this.store.conversation();
    if (conversation === undefined) {
      if (!input.create) return { type: 'not-found' };
      this.store.createConversation({
        id: input.conversationId,
        tenant: input.tenant,
        createdAt: now,
        system: input.system,
        seedHistory: input.seedHistory ?? [],
      });
    } else if (conversation.tenant !== input.tenant) {
      return { type: 'not-found' };
    }
    const active = this.store.activeTurn();
    if (active !== undefined) return { type: 'busy', turnId: active.turnId };
    const system = conversation?.system ?? input.system;
    const state = createTurnState(
      input.config,
      problemMessages(input.problem, this.store.history(), system),
    );
    const turnId = this.store.createTurn(state, input.userText, now);
    if (input.annotation !== undefined) {
      this.ctx.storage.kv.put(annotationKey(turnId), input.annotation);
    }
    await this.ctx.storage.setAlarm(now);
    return { type: 'started', turnId, afterSeq: (this.turnRecord(turnId)?.firstSeq ?? 1) - 1 };
  }

  override async alarm(): Promise<void> {
    const turn = this.store.activeTurn();
    // A turn runs in one alarm at a time; a repeated alarm while it runs has nothing to do.
    if (turn === undefined || this.run !== undefined) return;
    const models = this.models();
    if (!('base' in models)) {
      await this.apply(turn.turnId, turn.state, { type: 'fail', failure: models.failure });
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), RUN_SLICE_MS);
    await this.ctx.storage.setAlarm(Date.now() + HEARTBEAT_MS);
    const heartbeat = setInterval(() => {
      void this.ctx.storage.setAlarm(Date.now() + HEARTBEAT_MS).catch(() => {});
    }, HEARTBEAT_MS / 3);
    let finish!: () => void;
    const run = {
      turnId: turn.turnId,
      controller,
      cancel: false,
      done: new Promise<void>((resolve) => (finish = resolve)),
    };
    this.run = run;
    try {
      await driveTurn({
        state: turn.state,
        models,
        now: () => Date.now(),
        affinityKey: this.store.conversation()?.id,
        signal: controller.signal,
        commit: (next, events) => this.commit(turn.turnId, next, events),
      });
    } finally {
      clearTimeout(timer);
      clearInterval(heartbeat);
      this.run = undefined;
    }
    try {
      const record = this.store.turn(turn.turnId);
      if (record !== undefined) {
        await this.apply(turn.turnId, record.state, {
          type: 'slice-ended',
          now: Date.now(),
          cancelRequested: run.cancel,
        });
      }
    } finally {
      finish();
    }
  }

  async cancelTurn(turnId: number): Promise<TurnActionOutcome> {
    const record = this.turnRecord(turnId);
    if (record === undefined) return { type: 'not-found' };
    if (this.run?.turnId === turnId) {
      const run = this.run;
      run.cancel = true;
      run.controller.abort();
      await run.done;
    } else {
      await this.apply(turnId, record.state, { type: 'cancel-requested' });
    }
    return this.summaryOutcome(turnId);
  }

  /** Picks a failed or paused turn up again now (the base backend is back). */
  async resumeTurn(turnId: number): Promise<TurnActionOutcome> {
    const record = this.turnRecord(turnId);
    if (record === undefined) return { type: 'not-found' };
    if (!canResume(record.state))
      return {
        type: 'conflict',
        message: `Turn ${turnId} is ${record.status} and cannot be resumed`,
      };
    const active = this.store.activeTurn();
    if (active !== undefined && active.turnId !== turnId) {
      return { type: 'conflict', message: `Turn ${active.turnId} is still in progress` };
    }
    await this.apply(turnId, record.state, { type: 'resume-requested', now: Date.now() });
    return this.summaryOutcome(turnId);
  }

  describe(): ConversationView | undefined {
    const conversation = this.store.conversation();
    if (conversation === undefined) return undefined;
    return {
      id: conversation.id,
      createdAt: conversation.createdAt,
      turns: this.store.turns().map(summarize),
    };
  }

  turnDetail(turnId: number): TurnDetail | undefined {
    const record = this.turnRecord(turnId);
    return record === undefined ? undefined : { ...summarize(record), steps: record.state.steps };
  }

  /** The turn, its annotation (see StartTurnInput) and whether it is the latest turn. */
  annotatedTurn(turnId: number): AnnotatedTurn | undefined {
    const detail = this.turnDetail(turnId);
    if (detail === undefined) return undefined;
    return {
      detail,
      annotation: this.ctx.storage.kv.get<string>(annotationKey(turnId)),
      latest: this.store.turns().at(-1)?.turnId === turnId,
    };
  }

  /** Replaces a turn's annotation; false if there is no such turn. */
  annotateTurn(turnId: number, annotation: string): boolean {
    if (this.turnRecord(turnId) === undefined) return false;
    this.ctx.storage.kv.put(annotationKey(turnId), annotation);
    return true;
  }

  /**
   * The turn's events after `afterSeq` (newline-delimited JSON), then live ones until it ends;
   * `ended` says the stream holds only the replay. `undefined` if there is no such turn.
   */
  events(
    turnId: number,
    afterSeq: number,
  ): { ended: boolean; stream: ReadableStream<Uint8Array> } | undefined {
    const record = this.turnRecord(turnId);
    if (record === undefined) return undefined;
    const replay = this.store.events(turnId, afterSeq);
    const ended = hasTurnEnded(record.status);
    return { ended, stream: this.hub.watch(turnId, replay, ended) };
  }

  /** Storage figures for the benchmark: database bytes and kept steps; `undefined` if no conversation. */
  storageStats(): { databaseBytes: number; steps: number; schemaVersion: number } | undefined {
    if (this.store.conversation() === undefined) return undefined;
    return {
      databaseBytes: this.store.databaseSize(),
      steps: this.store.stepCount(),
      schemaVersion: this.store.schemaVersion(),
    };
  }

  /** The model adapters, or the configuration failure that prevents building them. */
  private models(): TurnModels | { failure: CallFailure } {
    try {
      return createBackends({
        env: this.env as unknown as Record<string, unknown>,
        fetch: (input, init) => fetch(input, init),
        ai: this.env.AI as WorkersAiBinding | undefined,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { failure: { code: 'configuration', message, isRetryable: false } };
    }
  }

  private commit(turnId: number, state: TurnState, events: TurnEvent[]): void {
    const stored = this.store.commit(turnId, state, events, Date.now());
    this.hub.publish(turnId, stored);
    this.conversationId ??= this.store.conversation()?.id;
    const config = readAppConfig(this.env as unknown as Record<string, unknown>);
    logTurnEvents(config, this.conversationId, stored, state, () =>
      this.store.turnCreatedAt(turnId),
    );
  }

  /** Feeds the machine one of the owner's inputs, stores the outcome, then sets the alarm it asks for. */
  private async apply(turnId: number, state: TurnState, input: MachineInput): Promise<void> {
    const next = transition(state, input);
    const events = next.effects.flatMap((effect) => (effect.type === 'emit' ? [effect.event] : []));
    this.commit(turnId, next.state, events);
    for (const effect of next.effects) {
      if (effect.type === 'set-alarm') await this.ctx.storage.setAlarm(effect.at);
      else if (effect.type === 'clear-alarm') await this.ctx.storage.deleteAlarm();
    }
  }

  private turnRecord(turnId: number): TurnRecord | undefined {
    return this.store.turn(turnId);
  }

  private summaryOutcome(turnId: number): TurnActionOutcome {
    const record = this.turnRecord(turnId);
    return record === undefined ? { type: 'not-found' } : { type: 'ok', turn: summarize(record) };
  }
}

function annotationKey(turnId: number): string {
  return `turn-annotation:${turnId}`;
}

function summarize(record: TurnRecord): TurnSummary {
  const state = record.state;
  return {
    turnId: record.turnId,
    status: record.status,
    createdAt: record.createdAt,
    endedAt: record.endedAt,
    question: record.userText,
    answer: record.answer,
    stopReason: state.stopReason,
    answerFinish: state.answerFinish,
    failure: state.failure,
    usage: state.usage,
    config: state.config,
    firstSeq: record.firstSeq,
  };
}
