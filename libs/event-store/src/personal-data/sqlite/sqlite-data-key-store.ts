import type { DataKeyStore, StoredDataKey } from '@tangle/application';
import { preparePrivateSqliteFile } from '@tangle/platform';
import Database from 'better-sqlite3';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS data_keys (
    user_id TEXT PRIMARY KEY,
    wrapped_key BLOB,
    created_at INTEGER NOT NULL,
    destroyed_at INTEGER
  ) WITHOUT ROWID;
`;

interface Row {
  wrapped_key: Buffer | null;
  destroyed_at: number | null;
}

/**
 * Data keys in an embedded SQLite file of their own. `secure_delete` overwrites what a destroy
 * removes, and each destroy checkpoints the WAL and truncates it, so the destroyed key's bytes
 * stay neither in the database pages nor in the write-ahead log.
 */
export class SqliteDataKeyStore implements DataKeyStore {
  private readonly findStatement: Database.Statement<[string], Row>;
  private readonly insertStatement: Database.Statement<[string, Buffer, number]>;
  private readonly destroyStatement: Database.Statement<[{ userId: string; at: number }]>;

  private constructor(private readonly db: Database.Database) {
    this.findStatement = db.prepare(
      'SELECT wrapped_key, destroyed_at FROM data_keys WHERE user_id = ?',
    );
    this.insertStatement = db.prepare(
      'INSERT INTO data_keys (user_id, wrapped_key, created_at) VALUES (?, ?, ?) ' +
        'ON CONFLICT (user_id) DO NOTHING',
    );
    this.destroyStatement = db.prepare(
      'INSERT INTO data_keys (user_id, wrapped_key, created_at, destroyed_at) VALUES (@userId, NULL, @at, @at) ' +
        'ON CONFLICT (user_id) DO UPDATE SET wrapped_key = NULL, ' +
        'destroyed_at = COALESCE(data_keys.destroyed_at, excluded.destroyed_at)',
    );
  }

  /** Opens (creating if needed) the file and its directory; `:memory:` works too. */
  static async open(file: string): Promise<SqliteDataKeyStore> {
    preparePrivateSqliteFile(file);
    const db = new Database(file);
    try {
      db.pragma('busy_timeout = 5000');
      db.pragma('secure_delete = ON');
      db.pragma('journal_mode = WAL');
      // A key lost with a power cut would erase its account's data: commits are durable.
      db.pragma('synchronous = FULL');
      db.exec(SCHEMA);
      return new SqliteDataKeyStore(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async find(userId: string): Promise<StoredDataKey | null> {
    return stored(this.findStatement.get(userId));
  }

  async create(userId: string, wrapped: Uint8Array, at: number): Promise<StoredDataKey> {
    this.insertStatement.run(userId, Buffer.from(wrapped), at);
    const row = stored(this.findStatement.get(userId));
    if (row === null) throw new Error(`data key of ${userId} was not stored`);
    return row;
  }

  async destroy(userId: string, at: number): Promise<void> {
    this.destroyStatement.run({ userId, at });
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function stored(row: Row | undefined): StoredDataKey | null {
  if (row === undefined) return null;
  if (row.destroyed_at !== null || row.wrapped_key === null) return 'destroyed';
  return new Uint8Array(row.wrapped_key);
}
