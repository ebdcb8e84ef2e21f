import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';

/** The names of one set of read-model tables: the live ones, or the ones a rebuild fills. */
export interface TableNames {
  readonly sessions: string;
  readonly users: string;
  readonly securityHistory: string;
  readonly invites: string;
  readonly targets: string;
  readonly checkpoints: string;
}

/** Every table of a set, in the order a swap renames them (checkpoints last). */
export const TABLE_KEYS = [
  'sessions',
  'users',
  'securityHistory',
  'invites',
  'targets',
  'checkpoints',
] as const;

export const LIVE_TABLES: TableNames = {
  sessions: 'sessions',
  users: 'users',
  securityHistory: 'security_history',
  invites: 'invites',
  targets: 'targets',
  checkpoints: 'checkpoints',
};

export const REBUILD_TABLES: TableNames = {
  sessions: 'sessions__rebuild',
  users: 'users__rebuild',
  securityHistory: 'security_history__rebuild',
  invites: 'invites__rebuild',
  targets: 'targets__rebuild',
  checkpoints: 'checkpoints__rebuild',
};

/** The row of the checkpoints table that the read models use. */
export const CHECKPOINT_NAME = 'read-models';

/**
 * The users table's profile columns. Files made before profiles lack them: `createTables` adds
 * them with these defaults, which are what a replay would give those rows (their events carry
 * no profile), so no rebuild is needed.
 */
const USER_PROFILE_COLUMNS: readonly (readonly [string, string])[] = [
  ['first_name', 'TEXT'],
  ['last_name', 'TEXT'],
  ['phone', 'TEXT'],
  ['account_type', "TEXT NOT NULL DEFAULT 'individual'"],
  ['referral_code', 'TEXT'],
];

/**
 * The users table's deletion columns (what the erasure sweep reads). Files made before them get
 * them empty: deletions requested before that need `npm run replay` to show here.
 */
const USER_DELETION_COLUMNS: readonly (readonly [string, string])[] = [
  ['deletion_due_at', 'INTEGER'],
  ['deleted_at', 'INTEGER'],
];

/** Creates the tables that do not exist yet (with their indexes), and adds missing columns. */
export function createTables(db: Database, names: TableNames): void {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  // Index names are global in SQLite and follow a renamed table, so each table gets its own
  // suffix: a table swapped in by a rebuild must not clash with the next rebuild's indexes.
  const suffix = () => randomBytes(4).toString('hex');
  if (!exists.get(names.sessions)) {
    db.exec(`CREATE TABLE ${names.sessions} (
      session_id TEXT PRIMARY KEY NOT NULL,
      user_id TEXT NOT NULL,
      client_id INTEGER NOT NULL,
      device_type TEXT NOT NULL,
      device_version TEXT NOT NULL,
      app_name TEXT NOT NULL,
      app_version TEXT NOT NULL,
      method TEXT NOT NULL,
      started_at INTEGER NOT NULL,
      last_active INTEGER NOT NULL,
      country TEXT,
      region TEXT,
      revoked_at INTEGER,
      last_position TEXT NOT NULL
    )`);
    db.exec(`CREATE INDEX sessions_by_user_${suffix()} ON ${names.sessions} (user_id, started_at)`);
  }
  if (!exists.get(names.users)) {
    db.exec(`CREATE TABLE ${names.users} (
      user_id TEXT PRIMARY KEY NOT NULL,
      name TEXT NOT NULL,
      email TEXT,
      email_normalized TEXT,
      email_verified INTEGER NOT NULL,
      has_password INTEGER NOT NULL,
      registered_at INTEGER NOT NULL,
      ${[...USER_PROFILE_COLUMNS, ...USER_DELETION_COLUMNS].map(([column, type]) => `${column} ${type},`).join('\n      ')}
      last_position TEXT NOT NULL
    )`);
    db.exec(`CREATE INDEX users_by_email_${suffix()} ON ${names.users} (email_normalized)`);
  } else {
    addMissingColumns(db, names.users, [...USER_PROFILE_COLUMNS, ...USER_DELETION_COLUMNS]);
  }
  const indexes = db.prepare(`PRAGMA index_list(${names.users})`).all() as { name: string }[];
  if (!indexes.some((index) => index.name.startsWith('users_deletions_'))) {
    // Only the rows the erasure sweep reads: pending and deleted accounts.
    db.exec(
      `CREATE INDEX users_deletions_${suffix()} ON ${names.users} (user_id) ` +
        'WHERE deletion_due_at IS NOT NULL OR deleted_at IS NOT NULL',
    );
  }
  if (!exists.get(names.securityHistory)) {
    // A file made before the security history gets an empty table: `npm run replay` fills it.
    db.exec(`CREATE TABLE ${names.securityHistory} (
      entry_id TEXT PRIMARY KEY NOT NULL,
      user_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      at INTEGER NOT NULL,
      session_id TEXT,
      device TEXT,
      country TEXT,
      region TEXT,
      detail TEXT,
      last_position TEXT NOT NULL
    )`);
    db.exec(
      `CREATE INDEX security_history_by_user_${suffix()} ` +
        `ON ${names.securityHistory} (user_id, last_position)`,
    );
  }
  if (!exists.get(names.invites)) {
    db.exec(`CREATE TABLE ${names.invites} (
      code TEXT PRIMARY KEY NOT NULL,
      type TEXT NOT NULL,
      target_id TEXT NOT NULL,
      creator_id TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      max_uses INTEGER NOT NULL,
      uses INTEGER NOT NULL,
      deleted_at INTEGER,
      last_position TEXT NOT NULL
    )`);
    db.exec(
      `CREATE INDEX invites_by_target_${suffix()} ON ${names.invites} (type, target_id, created_at)`,
    );
    db.exec(
      `CREATE INDEX invites_by_creator_${suffix()} ON ${names.invites} (creator_id, created_at)`,
    );
  }
  if (!exists.get(names.targets)) {
    db.exec(`CREATE TABLE ${names.targets} (
      target_key TEXT PRIMARY KEY NOT NULL,
      target_type TEXT NOT NULL,
      target_id TEXT NOT NULL,
      name TEXT NOT NULL,
      photo TEXT,
      owner_id TEXT NOT NULL,
      member_ids TEXT NOT NULL,
      deleted INTEGER NOT NULL,
      last_position TEXT NOT NULL
    )`);
  }
  if (!exists.get(names.checkpoints)) {
    db.exec(`CREATE TABLE ${names.checkpoints} (
      name TEXT PRIMARY KEY NOT NULL,
      position TEXT NOT NULL
    )`);
  }
}

function addMissingColumns(
  db: Database,
  table: string,
  columns: readonly (readonly [string, string])[],
): void {
  const present = new Set(
    (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name),
  );
  for (const [column, type] of columns) {
    if (!present.has(column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
  }
}

export function dropTables(db: Database, names: TableNames): void {
  for (const key of TABLE_KEYS) {
    db.exec(`DROP TABLE IF EXISTS ${names[key]}`);
  }
}

/** Replaces the tables `to` with the tables `from`; run it inside a transaction. */
export function swapTables(db: Database, from: TableNames, to: TableNames): void {
  for (const key of TABLE_KEYS) {
    db.exec(`DROP TABLE IF EXISTS ${to[key]}`);
    db.exec(`ALTER TABLE ${from[key]} RENAME TO ${to[key]}`);
  }
}
