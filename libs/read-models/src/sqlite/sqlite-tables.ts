import type {
  GlobalPosition,
  InviteView,
  RecordedEvent,
  SecurityHistoryEntry,
  SecurityHistoryPageRequest,
  SessionView,
  TargetView,
  UserView,
  AccountDeletionView,
} from '@tangle/application';
import type { AccountType, InviteType, TargetType } from '@tangle/contracts';
import type { Database, Statement } from 'better-sqlite3';
import { decodePosition, encodePosition } from '../position-key';
import { lastPositionOf, projectBatch } from '../projections/project-batch';
import { sessionsProjection, type SessionDocument } from '../projections/sessions.projection';
import { isDeletedUser, usersProjection, type UserDocument } from '../projections/users.projection';
import { SecurityHistoryTable, securityHistoryBatch } from './sqlite-security-history';
import { CHECKPOINT_NAME, type TableNames } from './sqlite-schema';
import { SqliteInviteTables } from './sqlite-invite-tables';

interface SessionRow {
  session_id: string;
  user_id: string;
  client_id: number;
  device_type: string;
  device_version: string;
  app_name: string;
  app_version: string;
  method: string;
  started_at: number;
  last_active: number;
  country: string | null;
  region: string | null;
  revoked_at: number | null;
  last_position: string;
}

interface UserRow {
  user_id: string;
  name: string;
  email: string | null;
  email_normalized: string | null;
  email_verified: number;
  has_password: number;
  registered_at: number;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  account_type: AccountType;
  referral_code: string | null;
  deletion_due_at: number | null;
  deleted_at: number | null;
  last_position: string;
}

const SESSION_COLUMNS = [
  'session_id',
  'user_id',
  'client_id',
  'device_type',
  'device_version',
  'app_name',
  'app_version',
  'method',
  'started_at',
  'last_active',
  'country',
  'region',
  'revoked_at',
  'last_position',
] as const;

const USER_COLUMNS = [
  'user_id',
  'name',
  'email',
  'email_normalized',
  'email_verified',
  'has_password',
  'registered_at',
  'first_name',
  'last_name',
  'phone',
  'account_type',
  'referral_code',
  'deletion_due_at',
  'deleted_at',
  'last_position',
] as const;

/**
 * An upsert that only overwrites a row with a newer one, so that even a writer racing on the
 * same file can never move a row backwards.
 */
function upsertSql(table: string, columns: readonly string[]): string {
  const [key, ...rest] = columns;
  return (
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ` +
    `ON CONFLICT(${key}) DO UPDATE SET ${rest.map((c) => `${c} = excluded.${c}`).join(', ')} ` +
    `WHERE excluded.last_position > ${table}.last_position`
  );
}

/** Prepared statements over one set of tables, and the batch logic that uses them. */
export class SqliteTables {
  private readonly getSessionRow: Statement<[string], SessionRow>;
  private readonly getUserRow: Statement<[string], UserRow>;
  private readonly activeSessions: Statement<[string], SessionRow>;
  private readonly usersByEmail: Statement<[string], UserRow>;
  private readonly deletions: Statement<[], UserRow>;
  private readonly getCheckpoint: Statement<[string], { position: string }>;
  private readonly upsertSession: Statement<unknown[]>;
  private readonly upsertUser: Statement<unknown[]>;
  private readonly upsertCheckpoint: Statement<[string, string]>;
  private readonly securityHistory: SecurityHistoryTable;
  private readonly invites: SqliteInviteTables;

  constructor(db: Database, names: TableNames) {
    this.securityHistory = new SecurityHistoryTable(db, names.securityHistory);
    this.invites = new SqliteInviteTables(db, names);
    const { sessions, users, checkpoints } = names;
    this.getSessionRow = db.prepare(`SELECT * FROM ${sessions} WHERE session_id = ?`);
    this.getUserRow = db.prepare(`SELECT * FROM ${users} WHERE user_id = ?`);
    this.activeSessions = db.prepare(
      `SELECT * FROM ${sessions} WHERE user_id = ? AND revoked_at IS NULL ` +
        `ORDER BY started_at, session_id`,
    );
    this.usersByEmail = db.prepare(
      `SELECT * FROM ${users} WHERE email_normalized = ? ORDER BY registered_at, user_id`,
    );
    this.getCheckpoint = db.prepare(`SELECT position FROM ${checkpoints} WHERE name = ?`);
    this.upsertSession = db.prepare(upsertSql(sessions, SESSION_COLUMNS));
    this.upsertUser = db.prepare(upsertSql(users, USER_COLUMNS));
    this.deletions = db.prepare(
      `SELECT * FROM ${users} WHERE deletion_due_at IS NOT NULL OR deleted_at IS NOT NULL ` +
        'ORDER BY user_id',
    );
    this.upsertCheckpoint = db.prepare(
      `INSERT INTO ${checkpoints} (name, position) VALUES (?, ?) ` +
        `ON CONFLICT(name) DO UPDATE SET position = excluded.position ` +
        `WHERE excluded.position > ${checkpoints}.position`,
    );
  }

  /** Applies a batch; the caller runs it inside one transaction. */
  apply(events: readonly RecordedEvent[]): void {
    const last = lastPositionOf(events);
    if (last === null) return;
    const sessions = projectBatch(sessionsProjection, events, (id) => this.loadSession(id));
    for (const doc of sessions.values()) this.upsertSession.run(sessionParams(doc));
    const users = projectBatch(usersProjection, events, (id) => this.loadUser(id));
    for (const doc of users.values()) this.upsertUser.run(userParams(doc));
    securityHistoryBatch(this.securityHistory, events);
    this.invites.apply(events);
    this.upsertCheckpoint.run(CHECKPOINT_NAME, encodePosition(last));
  }

  session(sessionId: string): SessionView | null {
    const row = this.getSessionRow.get(sessionId);
    return row ? sessionView(row) : null;
  }

  listActiveSessions(userId: string): SessionView[] {
    return this.activeSessions.all(userId).map(sessionView);
  }

  user(userId: string): UserView | null {
    const row = this.getUserRow.get(userId);
    const view = row ? userView(row) : null;
    return view && !isDeletedUser(view) ? view : null;
  }

  findUsersByEmail(emailNormalized: string): UserView[] {
    return this.usersByEmail.all(emailNormalized).map(userView);
  }

  listAccountDeletions(): AccountDeletionView[] {
    return this.deletions.all().map((row) => ({
      userId: row.user_id,
      dueAt: row.deletion_due_at,
      deletedAt: row.deleted_at,
    }));
  }

  listSecurityHistory(userId: string, page: SecurityHistoryPageRequest): SecurityHistoryEntry[] {
    return this.securityHistory.list(userId, page);
  }

  invite(code: string): InviteView | null {
    return this.invites.invite(code);
  }

  listInvitesByTarget(type: InviteType, targetId: string): InviteView[] {
    return this.invites.listByTarget(type, targetId);
  }

  listInvitesByCreator(creatorId: string): InviteView[] {
    return this.invites.listByCreator(creatorId);
  }

  target(targetType: TargetType, targetId: string): TargetView | null {
    return this.invites.target(targetType, targetId);
  }

  checkpoint(): GlobalPosition | null {
    const row = this.getCheckpoint.get(CHECKPOINT_NAME);
    return row ? decodePosition(row.position) : null;
  }

  private loadSession(sessionId: string): SessionDocument | null {
    const row = this.getSessionRow.get(sessionId);
    return row ? { ...sessionView(row), lastPosition: decodePosition(row.last_position) } : null;
  }

  private loadUser(userId: string): UserDocument | null {
    const row = this.getUserRow.get(userId);
    return row
      ? {
          ...userView(row),
          deletionDueAt: row.deletion_due_at,
          deletedAt: row.deleted_at,
          lastPosition: decodePosition(row.last_position),
        }
      : null;
  }
}

function sessionParams(doc: SessionDocument): unknown[] {
  return [
    doc.sessionId,
    doc.userId,
    doc.clientId,
    doc.deviceType,
    doc.deviceVersion,
    doc.appName,
    doc.appVersion,
    doc.method,
    doc.startedAt,
    doc.lastActive,
    doc.country,
    doc.region,
    doc.revokedAt,
    encodePosition(doc.lastPosition),
  ];
}

function userParams(doc: UserDocument): unknown[] {
  return [
    doc.userId,
    doc.name,
    doc.email,
    doc.emailNormalized,
    doc.emailVerified ? 1 : 0,
    doc.hasPassword ? 1 : 0,
    doc.registeredAt,
    doc.firstName,
    doc.lastName,
    doc.phone,
    doc.accountType,
    doc.referralCode,
    doc.deletionDueAt,
    doc.deletedAt,
    encodePosition(doc.lastPosition),
  ];
}

function sessionView(row: SessionRow): SessionView {
  return {
    sessionId: row.session_id,
    userId: row.user_id,
    clientId: row.client_id,
    deviceType: row.device_type,
    deviceVersion: row.device_version,
    appName: row.app_name,
    appVersion: row.app_version,
    method: row.method,
    startedAt: row.started_at,
    lastActive: row.last_active,
    country: row.country,
    region: row.region,
    revokedAt: row.revoked_at,
  };
}

function userView(row: UserRow): UserView {
  return {
    userId: row.user_id,
    name: row.name,
    email: row.email,
    emailNormalized: row.email_normalized,
    emailVerified: row.email_verified === 1,
    hasPassword: row.has_password === 1,
    registeredAt: row.registered_at,
    firstName: row.first_name,
    lastName: row.last_name,
    phone: row.phone,
    accountType: row.account_type,
    referralCode: row.referral_code,
  };
}
