import type { InboundMessage } from '@tangle/application';
import { preparePrivateSqliteFile } from '@tangle/platform';
import Database from 'better-sqlite3';
import {
  DEFAULT_CLAIM_LEASE_MS,
  DEFAULT_SENT_RETENTION_MS,
  type ClaimResult,
  type DeferredMail,
  type SentMailLog,
  type SentMailLogOptions,
} from './sent-mail-log';

const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

interface Row {
  claimed_at: number;
  sent_at: number | null;
}

interface DeferParameters {
  eventId: string;
  now: number;
  leaseMs: number;
  topic: string;
  partition: number;
  offset: string;
  key: string;
  value: Buffer;
  headers: string;
}

interface DeferredRow {
  event_id: string;
  due_at: number;
  message_topic: string;
  message_partition: number;
  message_offset: string;
  message_key: string;
  message_value: Buffer;
  message_headers: string;
}

/** The sent-mail log in a SQLite file (WAL), shared safely by processes on one machine. */
export class SqliteSentMailLog implements SentMailLog {
  readonly leaseMs: number;
  private readonly retentionMs: number;
  private readonly now: () => number;
  private readonly claimTx: (eventId: string) => ClaimResult;
  private readonly markSentStmt: Database.Statement<[string, number, number]>;
  private readonly releaseStmt: Database.Statement<[string]>;
  private readonly pruneStmt: Database.Statement<[number]>;
  private readonly deferStmt: Database.Statement<[DeferParameters]>;
  private readonly dueStmt: Database.Statement<[number, number], DeferredRow>;
  private readonly undeferStmt: Database.Statement<[string]>;
  private lastPrune = Number.NEGATIVE_INFINITY;

  private constructor(
    private readonly db: Database.Database,
    options: SentMailLogOptions,
  ) {
    this.leaseMs = options.leaseMs ?? DEFAULT_CLAIM_LEASE_MS;
    this.retentionMs = options.retentionMs ?? DEFAULT_SENT_RETENTION_MS;
    this.now = options.now ?? Date.now;
    const select = db.prepare<[string], Row>(
      'SELECT claimed_at, sent_at FROM sent_mail WHERE event_id = ?',
    );
    const insert = db.prepare('INSERT INTO sent_mail (event_id, claimed_at) VALUES (?, ?)');
    const reclaim = db.prepare('UPDATE sent_mail SET claimed_at = ? WHERE event_id = ?');
    const transaction = db.transaction((eventId: string): ClaimResult => {
      const now = this.now();
      const row = select.get(eventId);
      if (row === undefined) {
        insert.run(eventId, now);
        return 'new';
      }
      if (row.sent_at !== null) return 'sent';
      if (now - row.claimed_at < this.leaseMs) return 'in-flight';
      reclaim.run(now, eventId);
      return 'new';
    });
    this.markSentStmt = db.prepare(
      `INSERT INTO sent_mail (event_id, claimed_at, sent_at) VALUES (?, ?, ?)
       ON CONFLICT (event_id) DO UPDATE SET sent_at = excluded.sent_at
       WHERE sent_mail.sent_at IS NULL`,
    );
    this.releaseStmt = db.prepare('DELETE FROM sent_mail WHERE event_id = ? AND sent_at IS NULL');
    // Sent entries past retention, and claims that lapsed that long ago and were never retried.
    this.pruneStmt = db.prepare('DELETE FROM sent_mail WHERE coalesce(sent_at, claimed_at) < ?');
    // IMMEDIATE: the read and the write happen under one write lock, across processes too.
    this.claimTx = (eventId) => transaction.immediate(eventId);
    // Due when the claim's lease lapses, or a lease from now when nobody holds a claim.
    this.deferStmt = db.prepare(
      `INSERT INTO deferred_mail (event_id, due_at, message_topic, message_partition,
         message_offset, message_key, message_value, message_headers)
       VALUES (@eventId, coalesce((SELECT claimed_at + @leaseMs FROM sent_mail
                                   WHERE event_id = @eventId AND sent_at IS NULL), @now + @leaseMs),
               @topic, @partition, @offset, @key, @value, @headers)
       ON CONFLICT (event_id) DO UPDATE SET due_at = excluded.due_at`,
    );
    this.dueStmt = db.prepare(
      'SELECT * FROM deferred_mail WHERE due_at <= ? ORDER BY due_at, event_id LIMIT ?',
    );
    this.undeferStmt = db.prepare('DELETE FROM deferred_mail WHERE event_id = ?');
  }

  /** Opens (creating if needed) the file and its directory; `:memory:` works too. */
  static async open(file: string, options: SentMailLogOptions = {}): Promise<SqliteSentMailLog> {
    preparePrivateSqliteFile(file);
    const db = new Database(file);
    try {
      // What a deletion removes (a deleted account's rows, a sent mail) is overwritten, not left in free pages.
      db.pragma('secure_delete = ON');
      db.pragma('journal_mode = WAL');
      // A lost "sent" mark after a power cut means a duplicate mail, so commits are durable.
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
      db.exec(
        `CREATE TABLE IF NOT EXISTS sent_mail (
          event_id TEXT PRIMARY KEY,
          claimed_at INTEGER NOT NULL,
          sent_at INTEGER
        ) WITHOUT ROWID`,
      );
      db.exec(
        `CREATE TABLE IF NOT EXISTS deferred_mail (
          event_id TEXT PRIMARY KEY,
          due_at INTEGER NOT NULL,
          message_topic TEXT NOT NULL,
          message_partition INTEGER NOT NULL,
          message_offset TEXT NOT NULL,
          message_key TEXT NOT NULL,
          message_value BLOB NOT NULL,
          message_headers TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS deferred_mail_due ON deferred_mail (due_at)`,
      );
      return new SqliteSentMailLog(db, options);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async claim(eventId: string): Promise<ClaimResult> {
    this.pruneNowAndThen();
    return this.claimTx(eventId);
  }

  async markSent(eventId: string): Promise<void> {
    const now = this.now();
    this.markSentStmt.run(eventId, now, now);
  }

  async release(eventId: string): Promise<void> {
    this.releaseStmt.run(eventId);
  }

  async defer(eventId: string, message: InboundMessage): Promise<void> {
    this.deferStmt.run({
      eventId,
      now: this.now(),
      leaseMs: this.leaseMs,
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      key: message.key,
      value: Buffer.from(message.value),
      headers: JSON.stringify(message.headers),
    });
  }

  async dueDeferred(limit: number): Promise<DeferredMail[]> {
    return this.dueStmt.all(this.now(), limit).map((row) => ({
      eventId: row.event_id,
      dueAt: row.due_at,
      message: {
        topic: row.message_topic,
        partition: row.message_partition,
        offset: row.message_offset,
        key: row.message_key,
        value: new Uint8Array(row.message_value),
        headers: JSON.parse(row.message_headers) as Record<string, string>,
      },
    }));
  }

  async undefer(eventId: string): Promise<void> {
    this.undeferStmt.run(eventId);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private pruneNowAndThen(): void {
    const now = this.now();
    if (now - this.lastPrune < PRUNE_INTERVAL_MS) return;
    this.lastPrune = now;
    this.pruneStmt.run(now - this.retentionMs);
  }
}
