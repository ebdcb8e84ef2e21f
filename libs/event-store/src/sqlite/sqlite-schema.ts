import type Database from 'better-sqlite3';

export type SqliteSynchronous = 'full' | 'normal';

/** How long a writer waits for another connection's write lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * One row per event. `position` is the $all position (commit and prepare alike); AUTOINCREMENT
 * keeps it from ever being reused. UNIQUE(stream_id, revision) is the index stream reads use and
 * the last line of defence against two writers claiming the same revision.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position   INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_id  TEXT    NOT NULL,
    revision   INTEGER NOT NULL,
    event_id   TEXT    NOT NULL,
    type       TEXT    NOT NULL,
    data       TEXT    NOT NULL,
    metadata   TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (stream_id, revision)
  );
`;

/**
 * WAL lets readers (subscriptions, other processes) run beside the writer. With synchronous=FULL
 * every commit fsyncs the WAL, so an acknowledged append survives a crash and a power loss;
 * NORMAL survives a killed process but may lose the last commits on power loss.
 */
export function prepareDatabase(db: Database.Database, synchronous: SqliteSynchronous): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const mode = db.pragma('journal_mode = WAL', { simple: true }) as string;
  if (mode.toLowerCase() !== 'wal') {
    throw new Error(`SQLite event store: cannot use WAL on ${db.name} (journal mode ${mode})`);
  }
  db.pragma(`synchronous = ${synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.exec(SCHEMA);
}
