import type { RateLimitCount, RateLimitStore } from '@tangle/application';
import Database from 'better-sqlite3';
import { preparePrivateSqliteFile } from '@tangle/platform';

/** Ended windows are deleted at most this often, by whichever hit comes first. */
const SWEEP_INTERVAL_MS = 60_000;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS rate_limits (
    key TEXT PRIMARY KEY,
    count INTEGER NOT NULL,
    reset_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS rate_limits_by_reset_at ON rate_limits (reset_at);
`;

/**
 * One UPSERT per hit: SQLite runs it under the file's write lock, so it is atomic for every
 * process and connection sharing the file. The window restarts when it has ended; otherwise
 * the count grows, stopping at limit + 1.
 */
const HIT = `
  INSERT INTO rate_limits (key, count, reset_at) VALUES (@key, 1, @now + @windowMs)
  ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN reset_at <= @now THEN 1 ELSE MIN(count + 1, @limit + 1) END,
    reset_at = CASE WHEN reset_at <= @now THEN @now + @windowMs ELSE reset_at END
  RETURNING count, reset_at AS resetAt
`;

/** Rate-limit counters in an embedded SQLite file of their own (WAL). */
export class SqliteRateLimitStore implements RateLimitStore {
  private readonly hitStatement: Database.Statement;
  private readonly resetStatement: Database.Statement;
  private readonly sweepStatement: Database.Statement;
  private lastSweep = 0;

  private constructor(private readonly db: Database.Database) {
    this.hitStatement = db.prepare(HIT);
    this.resetStatement = db.prepare('DELETE FROM rate_limits WHERE key = ?');
    this.sweepStatement = db.prepare('DELETE FROM rate_limits WHERE reset_at <= ?');
  }

  /** Opens (creating if needed) the file and its directory; `:memory:` works too. */
  static async open(file: string): Promise<SqliteRateLimitStore> {
    preparePrivateSqliteFile(file);
    const db = new Database(file);
    try {
      db.pragma('busy_timeout = 5000');
      db.pragma('journal_mode = WAL');
      // A count lost with the last transactions before a power cut gives back a try or two.
      db.pragma('synchronous = NORMAL');
      db.exec(SCHEMA);
      return new SqliteRateLimitStore(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async hit(key: string, limit: number, windowMs: number, now: number): Promise<RateLimitCount> {
    if (now - this.lastSweep >= SWEEP_INTERVAL_MS) {
      this.lastSweep = now;
      this.sweepStatement.run(now);
    }
    return this.hitStatement.get({ key, limit, windowMs, now }) as RateLimitCount;
  }

  async reset(key: string): Promise<void> {
    this.resetStatement.run(key);
  }

  /** Rows kept, ended windows included until the next sweep. */
  size(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM rate_limits').get() as { n: number }).n;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
