import type { InboundMessage } from '@tangle/application';
import mongoose, { type Connection, type ConnectOptions, type Model } from 'mongoose';
import {
  DEFERRED_MAIL_COLLECTION,
  deferredMailSchema,
  type DeferredMailRecord,
} from './deferred-mail.schema';
import {
  DEFAULT_CLAIM_LEASE_MS,
  DEFAULT_SENT_RETENTION_MS,
  type ClaimResult,
  type DeferredMail,
  type SentMailLog,
  type SentMailLogOptions,
} from './sent-mail-log';
import { SENT_MAIL_COLLECTION, sentMailSchema, type SentMailRecord } from './sent-mail.schema';

const DUPLICATE_KEY = 11000;
const NOT_IMPLEMENTED = 238;
/** How often a log on a server without TTL indexes deletes expired entries itself. */
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;
/** Rounds of insert / take over / read before a contended claim is reported in flight. */
const CLAIM_ROUNDS = 5;

/** The sent-mail log in MongoDB, on a connection of its own; the unique eventId index arbitrates. */
export class MongoSentMailLog implements SentMailLog {
  readonly leaseMs: number;
  private readonly retentionMs: number;
  private readonly now: () => number;
  private lastPrune = Number.NEGATIVE_INFINITY;

  private constructor(
    private readonly connection: Connection,
    private readonly entries: Model<SentMailRecord>,
    private readonly deferred: Model<DeferredMailRecord>,
    /** false where the server has no TTL indexes (FerretDB 1.x): then the log prunes itself. */
    private readonly expiresByTtlIndex: boolean,
    options: SentMailLogOptions,
  ) {
    this.leaseMs = options.leaseMs ?? DEFAULT_CLAIM_LEASE_MS;
    this.retentionMs = options.retentionMs ?? DEFAULT_SENT_RETENTION_MS;
    this.now = options.now ?? Date.now;
  }

  /** Connects to `url` (its database, or `connect.dbName`) and creates the collection and indexes. */
  static async open(
    url: string,
    options: SentMailLogOptions & { connect?: ConnectOptions } = {},
  ): Promise<MongoSentMailLog> {
    const connection = mongoose.createConnection(url, {
      autoIndex: false,
      autoCreate: false,
      ...options.connect,
    });
    try {
      await connection.asPromise();
      const entries = connection.model<SentMailRecord>(
        SENT_MAIL_COLLECTION,
        sentMailSchema,
        SENT_MAIL_COLLECTION,
      );
      await entries.createCollection();
      await entries.createIndexes();
      const expiresByTtlIndex = await createExpiryIndex(entries);
      const deferred = connection.model<DeferredMailRecord>(
        DEFERRED_MAIL_COLLECTION,
        deferredMailSchema,
        DEFERRED_MAIL_COLLECTION,
      );
      await deferred.createCollection();
      await deferred.createIndexes();
      return new MongoSentMailLog(connection, entries, deferred, expiresByTtlIndex, options);
    } catch (error) {
      await connection.close();
      throw error;
    }
  }

  async claim(eventId: string): Promise<ClaimResult> {
    const now = this.now();
    await this.pruneNowAndThen(now);
    const expireAt = new Date(now + this.retentionMs);
    for (let round = 0; round < CLAIM_ROUNDS; round += 1) {
      try {
        await this.entries.create({ eventId, claimedAt: now, sentAt: null, expireAt });
        return 'new';
      } catch (error) {
        if ((error as { code?: unknown }).code !== DUPLICATE_KEY) throw error;
      }
      const takenOver = await this.entries
        .findOneAndUpdate(
          { eventId, sentAt: null, claimedAt: { $lte: now - this.leaseMs } },
          { $set: { claimedAt: now, expireAt } },
        )
        .lean();
      if (takenOver !== null) return 'new';
      const existing = await this.entries.findOne({ eventId }).lean();
      if (existing === null) continue; // released in between: try to insert again
      if (existing.sentAt !== null) return 'sent';
      if (now - existing.claimedAt < this.leaseMs) return 'in-flight';
    }
    return 'in-flight';
  }

  async markSent(eventId: string): Promise<void> {
    const now = this.now();
    try {
      await this.entries.updateOne(
        { eventId, sentAt: null },
        {
          $set: { sentAt: now, expireAt: new Date(now + this.retentionMs) },
          $setOnInsert: { claimedAt: now },
        },
        { upsert: true },
      );
    } catch (error) {
      // Already marked: the upsert collided with the sent entry, which is what we wanted.
      if ((error as { code?: unknown }).code !== DUPLICATE_KEY) throw error;
    }
  }

  async release(eventId: string): Promise<void> {
    await this.entries.deleteOne({ eventId, sentAt: null });
  }

  async defer(eventId: string, message: InboundMessage): Promise<void> {
    const claim = await this.entries.findOne({ eventId, sentAt: null }).lean();
    const dueAt = (claim?.claimedAt ?? this.now()) + this.leaseMs;
    const upsert = () =>
      this.deferred.updateOne(
        { eventId },
        {
          $set: { dueAt },
          $setOnInsert: {
            topic: message.topic,
            partition: message.partition,
            offset: message.offset,
            key: message.key,
            value: Buffer.from(message.value),
            headers: { ...message.headers },
          },
        },
        { upsert: true },
      );
    try {
      await upsert();
    } catch (error) {
      // Two upserts raced on the unique index: the second one now finds the entry.
      if ((error as { code?: unknown }).code !== DUPLICATE_KEY) throw error;
      await upsert();
    }
  }

  async dueDeferred(limit: number): Promise<DeferredMail[]> {
    const rows = await this.deferred
      .find({ dueAt: { $lte: this.now() } })
      .sort({ dueAt: 1, eventId: 1 })
      .limit(limit)
      .lean();
    return rows.map((row) => ({
      eventId: row.eventId,
      dueAt: row.dueAt,
      message: {
        topic: row.topic,
        partition: row.partition,
        offset: row.offset,
        key: row.key,
        value: new Uint8Array(bufferOf(row.value)),
        headers: { ...row.headers },
      },
    }));
  }

  async undefer(eventId: string): Promise<void> {
    await this.deferred.deleteOne({ eventId });
  }

  async close(): Promise<void> {
    await this.connection.close();
  }

  /** Without a TTL index: deletes the entries past their expireAt, at most once an hour. */
  private async pruneNowAndThen(now: number): Promise<void> {
    if (this.expiresByTtlIndex || now - this.lastPrune < PRUNE_INTERVAL_MS) return;
    this.lastPrune = now;
    await this.entries.deleteMany({ expireAt: { $lt: new Date(now) } });
  }
}

/**
 * The TTL index that makes MongoDB delete an entry once its expireAt has passed. A server without
 * TTL indexes (FerretDB 1.x answers NotImplemented) gets a plain index on expireAt instead, for
 * the log's own pruning; returns whether the TTL index is there.
 */
async function createExpiryIndex(entries: Model<SentMailRecord>): Promise<boolean> {
  try {
    await entries.collection.createIndex({ expireAt: 1 }, { expireAfterSeconds: 0 });
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code !== NOT_IMPLEMENTED) throw error;
    await entries.collection.createIndex({ expireAt: 1 });
    return false;
  }
}

/** A lean read hands binary data back as a BSON Binary, not a Buffer. */
function bufferOf(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  const binary = value as { buffer: Uint8Array; position: number };
  return Buffer.from(binary.buffer.subarray(0, binary.position));
}
