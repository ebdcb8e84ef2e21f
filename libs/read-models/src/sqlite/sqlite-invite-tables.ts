import type { InviteView, RecordedEvent, TargetView } from '@tangle/application';
import type { InviteType, TargetPhoto, TargetType } from '@tangle/contracts';
import type { Database, Statement } from 'better-sqlite3';
import { decodePosition, encodePosition } from '../position-key';
import { projectBatch } from '../projections/project-batch';
import { invitesProjection, type InviteDocument } from '../projections/invites.projection';
import {
  targetKey,
  targetsProjection,
  type TargetDocument,
} from '../projections/targets.projection';
import type { TableNames } from './sqlite-schema';

interface InviteRow {
  code: string;
  type: InviteType;
  target_id: string;
  creator_id: string;
  created_at: number;
  expires_at: number;
  max_uses: number;
  uses: number;
  deleted_at: number | null;
  last_position: string;
}

interface TargetRow {
  target_key: string;
  target_type: TargetType;
  target_id: string;
  name: string;
  /** JSON of the photo, or null. */
  photo: string | null;
  owner_id: string;
  /** JSON array of ids. */
  member_ids: string;
  deleted: number;
  last_position: string;
}

const INVITE_COLUMNS = [
  'code',
  'type',
  'target_id',
  'creator_id',
  'created_at',
  'expires_at',
  'max_uses',
  'uses',
  'deleted_at',
  'last_position',
] as const;

const TARGET_COLUMNS = [
  'target_key',
  'target_type',
  'target_id',
  'name',
  'photo',
  'owner_id',
  'member_ids',
  'deleted',
  'last_position',
] as const;

function upsertSql(table: string, columns: readonly string[]): string {
  const [key, ...rest] = columns;
  return (
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ` +
    `ON CONFLICT(${key}) DO UPDATE SET ${rest.map((c) => `${c} = excluded.${c}`).join(', ')} ` +
    `WHERE excluded.last_position > ${table}.last_position`
  );
}

/** The invites and targets tables of one table set: statements and batch logic. */
export class SqliteInviteTables {
  private readonly getInviteRow: Statement<[string], InviteRow>;
  private readonly invitesByTarget: Statement<[string, string], InviteRow>;
  private readonly invitesByCreator: Statement<[string], InviteRow>;
  private readonly getTargetRow: Statement<[string], TargetRow>;
  private readonly upsertInvite: Statement<unknown[]>;
  private readonly upsertTarget: Statement<unknown[]>;

  constructor(db: Database, names: TableNames) {
    const { invites, targets } = names;
    this.getInviteRow = db.prepare(`SELECT * FROM ${invites} WHERE code = ?`);
    this.invitesByTarget = db.prepare(
      `SELECT * FROM ${invites} WHERE type = ? AND target_id = ? ORDER BY created_at, code`,
    );
    this.invitesByCreator = db.prepare(
      `SELECT * FROM ${invites} WHERE creator_id = ? ORDER BY created_at, code`,
    );
    this.getTargetRow = db.prepare(`SELECT * FROM ${targets} WHERE target_key = ?`);
    this.upsertInvite = db.prepare(upsertSql(invites, INVITE_COLUMNS));
    this.upsertTarget = db.prepare(upsertSql(targets, TARGET_COLUMNS));
  }

  /** Applies a batch; the caller runs it inside its transaction. */
  apply(events: readonly RecordedEvent[]): void {
    const invites = projectBatch(invitesProjection, events, (code) => this.loadInvite(code));
    for (const doc of invites.values()) this.upsertInvite.run(inviteParams(doc));
    const targets = projectBatch(targetsProjection, events, (key) => this.loadTarget(key));
    for (const doc of targets.values()) this.upsertTarget.run(targetParams(doc));
  }

  invite(code: string): InviteView | null {
    const row = this.getInviteRow.get(code);
    return row ? inviteView(row) : null;
  }

  listByTarget(type: InviteType, targetId: string): InviteView[] {
    return this.invitesByTarget.all(type, targetId).map(inviteView);
  }

  listByCreator(creatorId: string): InviteView[] {
    return this.invitesByCreator.all(creatorId).map(inviteView);
  }

  target(targetType: TargetType, targetId: string): TargetView | null {
    const row = this.getTargetRow.get(targetKey(targetType, targetId));
    return row ? targetView(row) : null;
  }

  private loadInvite(code: string): InviteDocument | null {
    const row = this.getInviteRow.get(code);
    return row ? { ...inviteView(row), lastPosition: decodePosition(row.last_position) } : null;
  }

  private loadTarget(key: string): TargetDocument | null {
    const row = this.getTargetRow.get(key);
    return row ? { ...targetView(row), lastPosition: decodePosition(row.last_position) } : null;
  }
}

function inviteParams(doc: InviteDocument): unknown[] {
  return [
    doc.code,
    doc.type,
    doc.targetId,
    doc.creatorId,
    doc.createdAt,
    doc.expiresAt,
    doc.maxUses,
    doc.uses,
    doc.deletedAt,
    encodePosition(doc.lastPosition),
  ];
}

function targetParams(doc: TargetDocument): unknown[] {
  return [
    targetKey(doc.targetType, doc.targetId),
    doc.targetType,
    doc.targetId,
    doc.name,
    doc.photo ? JSON.stringify(doc.photo) : null,
    doc.ownerId,
    JSON.stringify(doc.memberIds),
    doc.deleted ? 1 : 0,
    encodePosition(doc.lastPosition),
  ];
}

function inviteView(row: InviteRow): InviteView {
  return {
    code: row.code,
    type: row.type,
    targetId: row.target_id,
    creatorId: row.creator_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    maxUses: row.max_uses,
    uses: row.uses,
    deletedAt: row.deleted_at,
  };
}

function targetView(row: TargetRow): TargetView {
  return {
    targetType: row.target_type,
    targetId: row.target_id,
    name: row.name,
    photo: row.photo === null ? null : (JSON.parse(row.photo) as TargetPhoto),
    ownerId: row.owner_id,
    memberIds: JSON.parse(row.member_ids) as string[],
    deleted: row.deleted === 1,
  };
}
