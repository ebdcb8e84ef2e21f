import { preparePrivateSqliteFile } from '@tangle/platform';
import Database from 'better-sqlite3';
import {
  WrongExpectedRevisionError,
  type AllSubscription,
  type AllSubscriptionOptions,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type GlobalPosition,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
} from '@tangle/application';
import type { EventMetadata } from '@tangle/contracts';
import { assertAppendable } from '../append-validation';
import { toJson } from '../json';
import { SqliteAllSubscription } from './sqlite-all-subscription';
import { prepareDatabase, type SqliteSynchronous } from './sqlite-schema';

export interface SqliteEventStoreOptions {
  readonly file: string;
  /** Default 'full': an acknowledged append survives a killed process and a power loss. */
  readonly synchronous?: SqliteSynchronous;
  /** How often live subscriptions look for appends made by other processes. Default 200 ms. */
  readonly pollIntervalMs?: number;
  /** Called after each group commit, e.g. for metrics. */
  readonly onBatchCommitted?: (batch: {
    readonly appends: number;
    readonly events: number;
  }) => void;
}

interface EncodedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

interface PendingAppend {
  readonly streamId: string;
  readonly expected: ExpectedRevision;
  readonly events: readonly EncodedEvent[];
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { readonly result: AppendResult } | { readonly error: WrongExpectedRevisionError };

interface EventRow {
  position: bigint;
  stream_id: string;
  revision: bigint;
  event_id: string;
  type: string;
  /** JSON text as this adapter writes it; a row written otherwise may hold other text or a blob. */
  data: string | Uint8Array;
  metadata: string | Uint8Array;
  created_at: bigint;
}

const COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, created_at';

/**
 * The embedded event store: one SQLite file in WAL mode.
 *
 * Appends are group-committed: every append requested in the same turn of the event loop is
 * written by one transaction (one fsync), each checked against its own expected revision inside
 * a savepoint, and each settled on its own once the transaction has committed.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly pollIntervalMs: number;
  private readonly onBatchCommitted: SqliteEventStoreOptions['onBatchCommitted'];
  private readonly subscriptions = new Set<SqliteAllSubscription>();
  private queue: PendingAppend[] = [];
  private flushHandle: NodeJS.Immediate | undefined;
  private closed = false;

  private readonly selectHead: Database.Statement<[string], { revision: bigint }>;
  private readonly insertEvent: Database.Statement<
    [string, bigint, string, string, string, string, number]
  >;
  private readonly selectStream: Database.Statement<[string, bigint, number], EventRow>;
  private readonly selectAll: Database.Statement<[bigint, number], EventRow>;
  private readonly writeBatch: Database.Transaction<
    (batch: readonly PendingAppend[], now: number) => Outcome[]
  >;
  private readonly writeOne: Database.Transaction<
    (append: PendingAppend, now: number) => AppendResult
  >;

  static async open(options: SqliteEventStoreOptions): Promise<SqliteEventStore> {
    return new SqliteEventStore(options);
  }

  constructor(options: SqliteEventStoreOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.onBatchCommitted = options.onBatchCommitted;
    preparePrivateSqliteFile(options.file);
    this.db = new Database(options.file);
    try {
      prepareDatabase(this.db, options.synchronous ?? 'full');
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.db.defaultSafeIntegers(true);

    this.selectHead = this.db.prepare(
      'SELECT revision FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
    );
    this.insertEvent = this.db.prepare(
      `INSERT INTO events (stream_id, revision, event_id, type, data, metadata, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectStream = this.db.prepare(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ?
       ORDER BY revision LIMIT ?`,
    );
    this.selectAll = this.db.prepare(
      `SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
    );
    // Called inside writeBatch, better-sqlite3 runs this as a SAVEPOINT: a failed expectation
    // rolls back only this append.
    this.writeOne = this.db.transaction((append, now) => this.writeAppend(append, now));
    this.writeBatch = this.db.transaction((batch, now) =>
      batch.map((append): Outcome => {
        try {
          return { result: this.writeOne(append, now) };
        } catch (error) {
          // Anything else (I/O, disk full) may have ended the transaction: fail the whole batch.
          if (error instanceof WrongExpectedRevisionError) return { error };
          throw error;
        }
      }),
    );
  }

  append(
    streamId: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('SqliteEventStore is closed'));
    let encoded: EncodedEvent[];
    try {
      assertAppendable(streamId, events);
      encoded = events.map((event) => ({
        eventId: event.eventId,
        type: event.type,
        data: toJson(event.data),
        metadata: toJson(event.metadata),
      }));
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ streamId, expected, events: encoded, resolve, reject });
      this.flushHandle ??= setImmediate(() => this.flush());
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const limit = options.maxCount ?? -1;
    if (limit === 0) return [];
    return this.selectStream.all(streamId, options.fromRevision ?? 0n, limit).map(toRecorded);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    if (options.maxCount <= 0) return [];
    return this.readPage(options.after?.commit ?? 0n, options.maxCount);
  }

  async lastPosition(): Promise<GlobalPosition | null> {
    this.assertOpen();
    const row = this.db.prepare('SELECT MAX(position) AS last FROM events').get() as {
      last: number | bigint | null;
    };
    if (row.last === null) return null;
    const position = BigInt(row.last);
    return { commit: position, prepare: position };
  }

  subscribeToAll(options: AllSubscriptionOptions): AllSubscription {
    this.assertOpen();
    const subscription = new SqliteAllSubscription(
      { readPage: (after, limit) => this.readPage(after, limit) },
      options,
      this.pollIntervalMs,
      () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.flushHandle) {
      clearImmediate(this.flushHandle);
      this.flush();
    }
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    this.db.close();
  }

  private readPage(afterPosition: bigint, limit: number): RecordedEvent[] {
    return this.selectAll.all(afterPosition, limit).map(toRecorded);
  }

  private flush(): void {
    this.flushHandle = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;

    let outcomes: Outcome[];
    try {
      outcomes = this.writeBatch.immediate(batch, Date.now());
    } catch (error) {
      for (const append of batch) append.reject(error);
      return;
    }

    let appended = 0;
    let events = 0;
    outcomes.forEach((outcome, i) => {
      if ('result' in outcome) {
        appended += 1;
        events += batch[i].events.length;
        batch[i].resolve(outcome.result);
      } else {
        batch[i].reject(outcome.error);
      }
    });
    if (appended > 0) for (const subscription of this.subscriptions) subscription.notify();
    this.onBatchCommitted?.({ appends: appended, events });
  }

  private writeAppend(append: PendingAppend, now: number): AppendResult {
    const { streamId, expected, events } = append;
    const head = this.selectHead.get(streamId)?.revision;
    if (!expectationHolds(expected, head)) {
      const retried = this.findRetriedAppend(append);
      if (retried) return retried;
      throw new WrongExpectedRevisionError(streamId, expected, head ?? 'no_stream');
    }
    let revision = head === undefined ? 0n : head + 1n;
    let position = 0n;
    for (const event of events) {
      const info = this.insertEvent.run(
        streamId,
        revision,
        event.eventId,
        event.type,
        event.data,
        event.metadata,
        now,
      );
      position = BigInt(info.lastInsertRowid);
      revision += 1n;
    }
    return {
      nextExpectedRevision: revision - 1n,
      position: { commit: position, prepare: position },
    };
  }

  /**
   * Idempotent retry, as EventStoreDB does it: when the events right after the expected revision
   * are these very events (same ids, same order), the append already happened; report it again.
   */
  private findRetriedAppend(append: PendingAppend): AppendResult | undefined {
    if (append.expected === 'any') return undefined;
    const from = append.expected === 'no_stream' ? 0n : append.expected + 1n;
    const stored = this.selectStream.all(append.streamId, from, append.events.length);
    if (stored.length !== append.events.length) return undefined;
    if (stored.some((row, i) => row.event_id !== append.events[i].eventId)) return undefined;
    const last = stored[stored.length - 1];
    return {
      nextExpectedRevision: last.revision,
      position: { commit: last.position, prepare: last.position },
    };
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('SqliteEventStore is closed');
  }
}

function expectationHolds(expected: ExpectedRevision, head: bigint | undefined): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return head === undefined;
  return head === expected;
}

/**
 * A row this adapter did not write (a hand edit, another tool) may hold text that is not JSON,
 * or a blob: it is handed on as bytes rather than failing the read or the subscription, and the
 * followers skip it (skipReasonOf), as with EventStoreDB's non-JSON events.
 */
function toRecorded(row: EventRow): RecordedEvent {
  return {
    streamId: row.stream_id,
    revision: row.revision,
    position: { commit: row.position, prepare: row.position },
    eventId: row.event_id,
    type: row.type,
    data: parseOrBytes(row.data),
    metadata: parseOrBytes(row.metadata) as EventMetadata,
    createdAt: Number(row.created_at),
  };
}

function parseOrBytes(column: string | Uint8Array): unknown {
  if (typeof column !== 'string') return new Uint8Array(column);
  try {
    return JSON.parse(column) as unknown;
  } catch {
    return new TextEncoder().encode(column);
  }
}
