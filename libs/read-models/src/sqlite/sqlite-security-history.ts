import type {
  RecordedEvent,
  SecurityHistoryEntry,
  SecurityHistoryPageRequest,
} from '@tangle/application';
import type { Database, Statement } from 'better-sqlite3';
import { decodePosition, encodePosition } from '../position-key';
import { projectBatch } from '../projections/project-batch';
import {
  securityHistoryProjection,
  type SecurityHistoryDocument,
} from '../projections/security-history.projection';

interface EntryRow {
  entry_id: string;
  user_id: string;
  kind: string;
  at: number;
  session_id: string | null;
  device: string | null;
  country: string | null;
  region: string | null;
  detail: string | null;
  last_position: string;
}

/** Greater than every position key (digits and a colon): "before the end of the log". */
const AFTER_EVERY_POSITION = '~';

/** The security-history table of one set of tables: entries are inserted once, never changed. */
export class SecurityHistoryTable {
  readonly get: Statement<[string], EntryRow>;
  readonly insert: Statement<unknown[]>;
  private readonly page: Statement<[string, string, number], EntryRow>;

  constructor(db: Database, table: string) {
    this.get = db.prepare(`SELECT * FROM ${table} WHERE entry_id = ?`);
    this.insert = db.prepare(
      `INSERT INTO ${table} (entry_id, user_id, kind, at, session_id, device, country, region, ` +
        `detail, last_position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(entry_id) DO NOTHING`,
    );
    this.page = db.prepare(
      `SELECT * FROM ${table} WHERE user_id = ? AND last_position < ? ` +
        `ORDER BY last_position DESC LIMIT ?`,
    );
  }

  list(userId: string, { before, limit }: SecurityHistoryPageRequest): SecurityHistoryEntry[] {
    const key = before === null ? AFTER_EVERY_POSITION : encodePosition(before);
    return this.page.all(userId, key, limit).map(entryOf);
  }
}

/** Applies a batch's entries; the caller runs it inside the batch's transaction. */
export function securityHistoryBatch(
  table: SecurityHistoryTable,
  events: readonly RecordedEvent[],
): void {
  const entries = projectBatch(securityHistoryProjection, events, (id) => {
    const row = table.get.get(id);
    return row ? documentOf(row) : null;
  });
  for (const doc of entries.values()) {
    table.insert.run(
      doc.entryId,
      doc.userId,
      doc.kind,
      doc.at,
      doc.sessionId,
      doc.device,
      doc.country,
      doc.region,
      doc.detail,
      encodePosition(doc.lastPosition),
    );
  }
}

function documentOf(row: EntryRow): SecurityHistoryDocument {
  const { position, ...entry } = entryOf(row);
  return { ...entry, lastPosition: position };
}

function entryOf(row: EntryRow): SecurityHistoryEntry {
  return {
    entryId: row.entry_id,
    userId: row.user_id,
    kind: row.kind,
    at: row.at,
    sessionId: row.session_id,
    device: row.device,
    country: row.country,
    region: row.region,
    detail: row.detail,
    position: decodePosition(row.last_position),
  };
}
