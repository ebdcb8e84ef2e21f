import type { RateLimitCount, RateLimitStore } from '@tangle/application';
import mongoose, { type Connection, type ConnectOptions, type mongo } from 'mongoose';

export const RATE_LIMITS_COLLECTION = 'rate_limits';

/** One key's window. MongoDB deletes it once `resetAt` has passed (TTL index). */
export interface RateLimitDocument {
  _id: string;
  count: number;
  resetAt: Date;
}

/**
 * The single-document update of one hit, as an update pipeline so that it reads the window it
 * changes: a window that has ended (or a new key) restarts at `now` with a count of 1;
 * otherwise the count grows, stopping at limit + 1.
 */
export function hitPipeline(limit: number, windowMs: number, now: number) {
  const ended = { $lte: [{ $ifNull: ['$resetAt', new Date(0)] }, new Date(now)] };
  return [
    {
      $set: {
        count: { $cond: [ended, 1, { $min: [{ $add: ['$count', 1] }, limit + 1] }] },
        resetAt: { $cond: [ended, new Date(now + windowMs), '$resetAt'] },
      },
    },
  ];
}

export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 11000;
}

/**
 * Rate-limit counters in MongoDB, on a connection of their own (never mongoose's global one):
 * one document per key, changed by one atomic findOneAndUpdate per hit.
 */
export class MongoRateLimitStore implements RateLimitStore {
  private constructor(
    private readonly connection: Connection,
    private readonly windows: mongo.Collection<RateLimitDocument>,
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
      await windows.createIndex({ resetAt: 1 }, { name: 'rate_limits_ttl', expireAfterSeconds: 0 });
      return new MongoRateLimitStore(connection, windows);
    } catch (error) {
      await connection.close();
      throw error;
    }
  }

  async hit(key: string, limit: number, windowMs: number, now: number): Promise<RateLimitCount> {
    try {
      return await this.hitOnce(key, limit, windowMs, now);
    } catch (error) {
      // Two first hits on a key may both try to insert it; the loser finds it the second time.
      if (!isDuplicateKey(error)) throw error;
      return this.hitOnce(key, limit, windowMs, now);
    }
  }

  private async hitOnce(
    key: string,
    limit: number,
    windowMs: number,
    now: number,
  ): Promise<RateLimitCount> {
    const window = await this.windows.findOneAndUpdate(
      { _id: key },
      hitPipeline(limit, windowMs, now),
      { upsert: true, returnDocument: 'after' },
    );
    if (window === null) throw new Error(`rate limit window ${key} was not written`);
    return { count: window.count, resetAt: window.resetAt.getTime() };
  }

  async reset(key: string): Promise<void> {
    await this.windows.deleteOne({ _id: key });
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
