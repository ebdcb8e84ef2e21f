import type { RateLimitCount, RateLimitStore } from '@tangle/application';
import mongoose, { type Connection, type ConnectOptions, type mongo } from 'mongoose';

export const RATE_LIMITS_COLLECTION = 'rate_limits';

/** One key's window. MongoDB deletes it once `resetAt` has passed (TTL index). */
export interface RateLimitDocument {
  _id: string;
  count: number;
  resetAt: Date;
}

/** A server without TTL indexes (FerretDB 1.x) answers their creation with NotImplemented. */
const NOT_IMPLEMENTED = 238;
/** Without a TTL index, ended windows are deleted by the store itself at most this often. */
const PRUNE_EVERY_MS = 60_000;
/** Rounds of a contended hit before it gives up (each round loses only to another hit). */
const MAX_ROUNDS = 100;

export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 11000;
}

/**
 * Rate-limit counters in MongoDB, on a connection of their own (never mongoose's global one):
 * one document per key, changed by one atomic findOneAndUpdate per hit.
 */
export class MongoRateLimitStore implements RateLimitStore {
  private lastPrunedAt = 0;

  private constructor(
    private readonly connection: Connection,
    private readonly windows: mongo.Collection<RateLimitDocument>,
    /** false where the server has no TTL indexes: then hits prune ended windows now and then. */
    private readonly expiresByTtlIndex: boolean,
  ) {}

  /** Connects to `url` (its database, or `options.dbName`) and creates the TTL index. */
  static async open(url: string, options: ConnectOptions = {}): Promise<MongoRateLimitStore> {
    const connection = mongoose.createConnection(url, {
      autoIndex: false,
      autoCreate: false,
      ...options,
    });
    try {
      await connection.asPromise();
      const db = connection.db;
      if (db === undefined) throw new Error('The MongoDB connection is not open');
      const windows = db.collection<RateLimitDocument>(RATE_LIMITS_COLLECTION);
      return new MongoRateLimitStore(connection, windows, await createExpiryIndex(windows));
    } catch (error) {
      await connection.close();
      throw error;
    }
  }

  /**
   * One hit, with conditional single-document updates only (no update pipelines, which
   * FerretDB lacks): increment a live window that is not yet full; else report a full one;
   * else restart an ended window or insert a new one, each guarded so that of racing hits
   * exactly one restarts it and the others go round again and count in the new window.
   */
  async hit(key: string, limit: number, windowMs: number, now: number): Promise<RateLimitCount> {
    if (!this.expiresByTtlIndex && now - this.lastPrunedAt >= PRUNE_EVERY_MS) {
      this.lastPrunedAt = now;
      await this.windows.deleteMany({ resetAt: { $lte: new Date(now) } });
    }
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const counted = await this.windows.findOneAndUpdate(
        { _id: key, resetAt: { $gt: new Date(now) }, count: { $lte: limit } },
        { $inc: { count: 1 } },
        { returnDocument: 'after' },
      );
      if (counted) return countOf(counted);
      const current = await this.windows.findOne({ _id: key });
      if (current && current.resetAt.getTime() > now) {
        if (current.count > limit) return countOf(current);
        continue; // restarted by another hit in between: count in it
      }
      const fresh = { count: 1, resetAt: new Date(now + windowMs) };
      if (current) {
        const restarted = await this.windows.findOneAndUpdate(
          { _id: key, resetAt: current.resetAt },
          { $set: fresh },
          { returnDocument: 'after' },
        );
        if (restarted) return countOf(restarted);
      } else {
        try {
          await this.windows.insertOne({ _id: key, ...fresh });
          return countOf(fresh);
        } catch (error) {
          // Two first hits on a key may both try to insert it; the loser counts in the winner's.
          if (!isDuplicateKey(error)) throw error;
        }
      }
    }
    throw new Error(`rate limit window ${key}: too much contention`);
  }

  async reset(key: string): Promise<void> {
    await this.windows.deleteOne({ _id: key });
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}

/** The TTL index where the server has them (true); a plain index on the window end otherwise. */
async function createExpiryIndex(windows: mongo.Collection<RateLimitDocument>): Promise<boolean> {
  try {
    await windows.createIndex({ resetAt: 1 }, { name: 'rate_limits_ttl', expireAfterSeconds: 0 });
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code !== NOT_IMPLEMENTED) throw error;
    await windows.createIndex({ resetAt: 1 }, { name: 'rate_limits_reset_at' });
    return false;
  }
}

function countOf(window: { count: number; resetAt: Date }): RateLimitCount {
  return { count: window.count, resetAt: window.resetAt.getTime() };
}
