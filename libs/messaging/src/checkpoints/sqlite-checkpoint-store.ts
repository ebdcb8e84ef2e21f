import type {
  CheckpointStore,
  GlobalPosition,
  LeaseHolding,
  WriterLeases,
} from '@tangle/application';
import { preparePrivateSqliteFile } from '@tangle/platform';
import Database from 'better-sqlite3';
import { positionFromText, positionToText } from './position-text';

/**
 * Checkpoints in a SQLite file (WAL), one row per name. synchronous=FULL: a checkpoint that
 * survived only in the OS cache could move back after a power loss, which republishes (fine),
 * but one that moved forward without its messages never happens either way. Writer leases live
 * beside them, claimed in an IMMEDIATE transaction so two processes on one file never both win.
 */
export class SqliteCheckpointStore implements CheckpointStore, WriterLeases {
  private readonly select: Database.Statement<[string], { position: string }>;
  private readonly upsert: Database.Statement<[string, string, number]>;
  private readonly claim: (
    name: string,
    holder: string,
    ttlMs: number,
    now: number,
  ) => LeaseHolding;
  private readonly release: Database.Statement<[string, string]>;

  private constructor(private readonly db: Database.Database) {
    this.select = db.prepare('SELECT position FROM checkpoints WHERE name = ?');
    this.upsert = db.prepare(
      `INSERT INTO checkpoints (name, position, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
    );
    const current = db.prepare<[string], { holder: string; expires_at: number }>(
      'SELECT holder, expires_at FROM writer_leases WHERE name = ?',
    );
    const take = db.prepare<[string, string, number]>(
      `INSERT INTO writer_leases (name, holder, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at`,
    );
    const claim = db.transaction((name: string, holder: string, ttlMs: number, now: number) => {
      const row = current.get(name);
      if (row && row.holder !== holder && row.expires_at > now) {
        return { holder: row.holder, expiresAt: row.expires_at };
      }
      take.run(name, holder, now + ttlMs);
      return { holder, expiresAt: now + ttlMs };
    });
    this.claim = (name, holder, ttlMs, now) => claim.immediate(name, holder, ttlMs, now);
    this.release = db.prepare('DELETE FROM writer_leases WHERE name = ? AND holder = ?');
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
      );
      CREATE TABLE IF NOT EXISTS writer_leases (
        name TEXT PRIMARY KEY NOT NULL,
        holder TEXT NOT NULL,
        expires_at INTEGER NOT NULL
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

  async claimLease(
    name: string,
    holder: string,
    ttlMs: number,
    now = Date.now(),
  ): Promise<LeaseHolding> {
    return this.claim(name, holder, ttlMs, now);
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    this.release.run(name, holder);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
