/**
 * The Conversation Durable Object's SQLite storage: schema and migrations, the conversation
 * row, turns, kept steps and the ordered event log. Every write that belongs to one machine
 * transition happens in one `transactionSync`, so a step and its events are stored together or
 * not at all. Cursors are consumed synchronously (no await) as the platform requires.
 */
import type { TurnEvent } from '../../core/events.ts';
import { keptStepOf } from '../../core/events.ts';
import type { HistoryTurn } from '../../core/prompts.ts';
import { hasTurnEnded, type KeptStep, type TurnState } from '../../core/state.ts';
import type { StoredEvent } from '../../turn-log.ts';

export const SCHEMA_VERSION = 2;

const MIGRATIONS: ReadonlyArray<{ version: number; statements: readonly string[] }> = [
  {
    version: 1,
    statements: [
      `CREATE TABLE IF NOT EXISTS conversation (
         id TEXT PRIMARY KEY, tenant TEXT NOT NULL, created_at INTEGER NOT NULL,
         system TEXT, seed_history TEXT NOT NULL DEFAULT '[]')`,
      `CREATE TABLE IF NOT EXISTS turns (
         turn_id INTEGER PRIMARY KEY, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
         ended_at INTEGER, status TEXT NOT NULL, user_text TEXT NOT NULL,
         answer TEXT NOT NULL DEFAULT '', state TEXT NOT NULL, first_seq INTEGER NOT NULL)`,
      `CREATE TABLE IF NOT EXISTS steps (
         turn_id INTEGER NOT NULL, step_index INTEGER NOT NULL, origin TEXT NOT NULL,
         decision TEXT NOT NULL, score REAL, text TEXT NOT NULL, draft_text TEXT,
         tokens INTEGER NOT NULL, draft_tokens INTEGER, draft_ms REAL, judge_ms REAL,
         base_ms REAL, created_at INTEGER NOT NULL, PRIMARY KEY (turn_id, step_index))`,
      `CREATE TABLE IF NOT EXISTS events (
         seq INTEGER PRIMARY KEY, turn_id INTEGER NOT NULL, type TEXT NOT NULL,
         data TEXT NOT NULL, at INTEGER NOT NULL)`,
      'CREATE INDEX IF NOT EXISTS events_by_turn ON events (turn_id, seq)',
    ],
  },
  {
    // A turn's prompt (history and question, up to hundreds of kilobytes in a long conversation)
    // never changes, but it rode in `state`, which every commit rewrites: it moves to a column
    // written once.
    version: 2,
    statements: [
      'ALTER TABLE turns ADD COLUMN messages TEXT',
      `UPDATE turns SET messages = json_extract(state, '$.messages'),
         state = json_remove(state, '$.messages') WHERE messages IS NULL`,
    ],
  },
];

/** What the benchmark reads about a conversation's storage. */
export interface StorageStats {
  databaseBytes: number;
  /** Kept steps over every turn. */
  steps: number;
  schemaVersion: number;
}

export interface ConversationRecord {
  id: string;
  tenant: string;
  createdAt: number;
  system: string | undefined;
  seedHistory: HistoryTurn[];
}

export interface TurnRecord {
  turnId: number;
  createdAt: number;
  updatedAt: number;
  endedAt: number | undefined;
  status: TurnState['status'];
  userText: string;
  answer: string;
  firstSeq: number;
  state: TurnState;
}

type Row = Record<string, SqlStorageValue>;

export class SqliteConversationStore {
  private lastSeq = 0;
  /** The schema exists. Until a conversation is created nothing is written, not even tables. */
  private ready = false;

  constructor(private readonly storage: DurableObjectStorage) {}

  /**
   * Upgrades an existing schema; leaves an empty object empty, so that reading a conversation
   * that does not exist (a wrong id, another tenant's) stores nothing.
   */
  open(): void {
    const exists = this.storage.sql
      .exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_meta'")
      .toArray();
    if (exists.length > 0) this.migrate();
  }

  /** Brings the schema to the current version; safe to run any number of times. */
  migrate(): number {
    const sql = this.storage.sql;
    sql.exec(
      'CREATE TABLE IF NOT EXISTS schema_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)',
    );
    const current = Number(
      sql.exec("SELECT value FROM schema_meta WHERE key = 'version'").toArray()[0]?.value ?? 0,
    );
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      this.storage.transactionSync(() => {
        for (const statement of migration.statements) sql.exec(statement);
        sql.exec(
          "INSERT INTO schema_meta (key, value) VALUES ('version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
          migration.version,
        );
      });
    }
    this.lastSeq = Number(sql.exec('SELECT MAX(seq) AS seq FROM events').toArray()[0]?.seq ?? 0);
    this.ready = true;
    return SCHEMA_VERSION;
  }

  schemaVersion(): number {
    return Number(this.read("SELECT value FROM schema_meta WHERE key = 'version'")[0]?.value ?? 0);
  }

  conversation(): ConversationRecord | undefined {
    const row = this.read('SELECT * FROM conversation LIMIT 1')[0];
    if (row === undefined) return undefined;
    return {
      id: String(row.id),
      tenant: String(row.tenant),
      createdAt: Number(row.created_at),
      system: row.system === null ? undefined : String(row.system),
      seedHistory: JSON.parse(String(row.seed_history)),
    };
  }

  /**
   * The tenant's conversation: the stored one when it is theirs, else a new one when `create`
   * says so and none exists; `undefined` otherwise (another tenant's is simply absent).
   */
  openConversation(
    record: ConversationRecord & { create: boolean },
  ): ConversationRecord | undefined {
    const existing = this.conversation();
    if (existing !== undefined) return existing.tenant === record.tenant ? existing : undefined;
    if (!record.create) return undefined;
    this.createConversation(record);
    return record;
  }

  /** A turn's annotation (a caller's note stored beside it, see StartTurnInput). */
  annotation(turnId: number): string | undefined {
    return this.storage.kv.get<string>(annotationKey(turnId));
  }

  /** Stores a turn's annotation; false if there is no such turn. */
  setAnnotation(turnId: number, annotation: string): boolean {
    if (this.turnCreatedAt(turnId) === undefined) return false;
    this.storage.kv.put(annotationKey(turnId), annotation);
    return true;
  }

  createConversation(record: ConversationRecord): void {
    this.migrate();
    this.storage.sql.exec(
      'INSERT INTO conversation (id, tenant, created_at, system, seed_history) VALUES (?, ?, ?, ?, ?)',
      record.id,
      record.tenant,
      record.createdAt,
      record.system ?? null,
      JSON.stringify(record.seedHistory),
    );
  }

  /** Earlier exchanges in order: the seed history, then every completed turn's question and answer. */
  history(): HistoryTurn[] {
    const seed = this.conversation()?.seedHistory ?? [];
    const turns = this.read(
      "SELECT user_text, answer FROM turns WHERE status = 'completed' ORDER BY turn_id",
    ).map((row) => ({ user: String(row.user_text), answer: String(row.answer) }));
    return [...seed, ...turns];
  }

  createTurn(state: TurnState, userText: string, now: number): number {
    const turnId = this.latestTurnId() + 1;
    this.storage.sql.exec(
      `INSERT INTO turns (turn_id, created_at, updated_at, status, user_text, state, messages,
         first_seq)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      turnId,
      now,
      now,
      state.status,
      userText,
      serializeState(state),
      JSON.stringify(state.messages),
      this.lastSeq + 1,
    );
    return turnId;
  }

  /**
   * The turn; with `withSteps` false its `state.steps` and `state.messages` stay empty (enough
   * for a summary or its status), sparing the load of every kept step and the parse of its prompt.
   */
  turn(turnId: number, withSteps = true): TurnRecord | undefined {
    const row = this.read('SELECT * FROM turns WHERE turn_id = ?', turnId)[0];
    return row === undefined ? undefined : this.toTurnRecord(row, withSteps);
  }

  /** When the turn was created (ms since the epoch), without loading its state or steps. */
  turnCreatedAt(turnId: number): number | undefined {
    const row = this.read('SELECT created_at FROM turns WHERE turn_id = ?', turnId)[0];
    return row === undefined ? undefined : Number(row.created_at);
  }

  /** The id of the conversation's latest turn; 0 while it has none. */
  latestTurnId(): number {
    return Number(this.read('SELECT MAX(turn_id) AS id FROM turns')[0]?.id ?? 0);
  }

  turns(): TurnRecord[] {
    return this.read('SELECT * FROM turns ORDER BY turn_id').map((row) =>
      this.toTurnRecord(row, false),
    );
  }

  /** The turn still in progress (running or paused), if any. */
  activeTurn(): TurnRecord | undefined {
    const row = this.read(
      "SELECT * FROM turns WHERE status IN ('running', 'paused') ORDER BY turn_id LIMIT 1",
    )[0];
    return row === undefined ? undefined : this.toTurnRecord(row);
  }

  steps(turnId: number): KeptStep[] {
    return this.read('SELECT * FROM steps WHERE turn_id = ? ORDER BY step_index', turnId).map(
      toKeptStep,
    );
  }

  /** Kept steps over every turn. */
  private stepCount(): number {
    return Number(this.read('SELECT COUNT(*) AS count FROM steps')[0]?.count ?? 0);
  }

  events(turnId: number, afterSeq: number): StoredEvent[] {
    return this.read(
      'SELECT seq, turn_id, data, at FROM events WHERE turn_id = ? AND seq > ? ORDER BY seq',
      turnId,
      afterSeq,
    ).map((row) => ({
      seq: Number(row.seq),
      turn: Number(row.turn_id),
      at: Number(row.at),
      event: JSON.parse(String(row.data)) as TurnEvent,
    }));
  }

  /** Stores one transition: its events, the steps they keep, and the new turn state, atomically. */
  commit(
    turnId: number,
    state: TurnState,
    events: readonly TurnEvent[],
    now: number,
  ): StoredEvent[] {
    const sql = this.storage.sql;
    const stored: StoredEvent[] = [];
    this.storage.transactionSync(() => {
      let seq = this.lastSeq;
      for (const event of events) {
        seq += 1;
        sql.exec(
          'INSERT INTO events (seq, turn_id, type, data, at) VALUES (?, ?, ?, ?, ?)',
          seq,
          turnId,
          event.type,
          JSON.stringify(event),
          now,
        );
        stored.push({ seq, turn: turnId, at: now, event });
        const kept = keptStepOf(event);
        const step = kept === undefined ? undefined : state.steps[kept.index];
        if (step !== undefined) insertStep(sql, turnId, step, now);
      }
      const ended = hasTurnEnded(state.status);
      sql.exec(
        `UPDATE turns SET status = ?, answer = ?, state = ?, updated_at = ?,
           ended_at = CASE WHEN ? THEN ? ELSE ended_at END WHERE turn_id = ?`,
        state.status,
        state.answer,
        serializeState(state),
        now,
        ended ? 1 : 0,
        now,
        turnId,
      );
      this.lastSeq = seq;
    });
    return stored;
  }

  /** A read's rows; none while the schema does not exist (nothing was created here yet). */
  private read(query: string, ...bindings: SqlStorageValue[]): Row[] {
    return this.ready ? this.storage.sql.exec(query, ...bindings).toArray() : [];
  }

  /** Bytes, kept steps and schema version; `undefined` while there is no conversation. */
  stats(): StorageStats | undefined {
    if (this.conversation() === undefined) return undefined;
    return {
      databaseBytes: this.storage.sql.databaseSize,
      steps: this.stepCount(),
      schemaVersion: this.schemaVersion(),
    };
  }

  private toTurnRecord(row: Row, withSteps = true): TurnRecord {
    const state = JSON.parse(String(row.state)) as TurnState;
    const turnId = Number(row.turn_id);
    // A summary needs neither; the prompt is the whole history so far, parsed for every turn
    // a conversation lists.
    state.messages = withSteps ? JSON.parse(String(row.messages)) : [];
    if (withSteps) state.steps = this.steps(turnId);
    return {
      turnId,
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
      endedAt: row.ended_at === null ? undefined : Number(row.ended_at),
      status: String(row.status) as TurnState['status'],
      userText: String(row.user_text),
      answer: String(row.answer),
      firstSeq: Number(row.first_seq),
      state,
    };
  }
}

function annotationKey(turnId: number): string {
  return `turn-annotation:${turnId}`;
}

/**
 * The state without its steps (they live in their own table and are joined back on load), its
 * prompt (the `messages` column, written once) and the text a call is streaming (the machine
 * restarts that call after a restart).
 */
function serializeState(state: TurnState): string {
  return JSON.stringify({ ...state, steps: [], messages: undefined, stream: undefined });
}

function insertStep(sql: SqlStorage, turnId: number, step: KeptStep, now: number): void {
  sql.exec(
    `INSERT INTO steps (turn_id, step_index, origin, decision, score, text, draft_text, tokens,
       draft_tokens, draft_ms, judge_ms, base_ms, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    turnId,
    step.index,
    step.origin,
    step.decision,
    step.score ?? null,
    step.text,
    step.draftText ?? null,
    step.tokens,
    step.draftTokens ?? null,
    step.timings.draftMs ?? null,
    step.timings.judgeMs ?? null,
    step.timings.baseMs ?? null,
    now,
  );
}

function optionalNumber(value: SqlStorageValue | undefined): number | undefined {
  return value === null || value === undefined ? undefined : Number(value);
}

function toKeptStep(row: Row): KeptStep {
  const decision = String(row.decision) as KeptStep['decision'];
  return {
    index: Number(row.step_index),
    text: String(row.text),
    origin: String(row.origin) as KeptStep['origin'],
    decision,
    // A judged step with no score had a failed judge call.
    score:
      optionalNumber(row.score) ??
      (decision === 'accepted' || decision === 'regenerated' ? null : undefined),
    tokens: Number(row.tokens),
    draftText: row.draft_text === null ? undefined : String(row.draft_text),
    draftTokens: optionalNumber(row.draft_tokens),
    timings: {
      draftMs: optionalNumber(row.draft_ms),
      judgeMs: optionalNumber(row.judge_ms),
      baseMs: optionalNumber(row.base_ms),
    },
  };
}
