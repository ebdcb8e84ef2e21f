import type { CheckpointStore, GlobalPosition } from '@tangle/application';
import { preparePrivateSqliteFile } from '@tangle/platform';
import Database from 'better-sqlite3';
import { positionFromText, positionToText } from './position-text';

/**
 * Checkpoints in a SQLite file (WAL), one row per name. synchronous=FULL: a checkpoint that
 * survived only in the OS cache could move back after a power loss, which republishes (fine),
 * but one that moved forward without its messages never happens either way.
 */
export class SqliteCheckpointStore implements CheckpointStore {
  private readonly select: Database.Statement<[string], { position: string }>;
  private readonly upsert: Database.Statement<[string, string, number]>;

  private constructor(private readonly db: Database.Database) {
    this.select = db.prepare('SELECT position FROM checkpoints WHERE name = ?');
    this.upsert = db.prepare(
      `INSERT INTO checkpoints (name, position, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
    );
  }

  /** Opens (creating the file and its directory if missing) `file`, or `:memory:`. */
  static async open(file: string): Promise<SqliteCheckpointStore> {
    preparePrivateSqliteFile(file);
    const db = new Database(file);
    try {
      db.pragma('busy_timeout = 5000');
      if (file !== ':memory:') {
        const mode = db.pragma('journal_mode = WAL', { simple: true }) as string;
        if (mode.toLowerCase() !== 'wal') throw new Error(`cannot use WAL on ${file} (${mode})`);
      }
      db.pragma('synchronous = FULL');
      db.exec(`CREATE TABLE IF NOT EXISTS checkpoints (
        name TEXT PRIMARY KEY NOT NULL,
        position TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      )`);
      return new SqliteCheckpointStore(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async load(name: string): Promise<GlobalPosition | null> {
    const row = this.select.get(name);
    return row === undefined ? null : positionFromText(row.position);
  }

  async save(name: string, position: GlobalPosition): Promise<void> {
    this.upsert.run(name, positionToText(position), Date.now());
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
