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
import type { InviteType, TargetType } from '@tangle/contracts';
import type { Connection, Model, Schema } from 'mongoose';
import { decodePosition, encodePosition } from '../position-key';
import { keysOf, lastPositionOf, projectBatch } from '../projections/project-batch';
import { sessionsProjection } from '../projections/sessions.projection';
import { isDeletedUser, usersProjection } from '../projections/users.projection';
import { securityHistoryProjection } from '../projections/security-history.projection';
import {
  securityHistoryDocument,
  securityHistoryEntry,
  securityHistoryRecord,
} from './security-history-records';
import { securityHistorySchema, type SecurityHistoryRecord } from './security-history.schema';
import { invitesProjection } from '../projections/invites.projection';
import { targetKey, targetsProjection } from '../projections/targets.projection';
import { inviteSchema, targetSchema, type InviteRecord, type TargetRecord } from './invite.schema';
import {
  inviteDocument,
  inviteRecord,
  inviteView,
  targetDocument,
  targetRecord,
  targetView,
} from './invite-records';
import { CHECKPOINT_ID, checkpointSchema, type CheckpointRecord } from './checkpoint.schema';
import { sessionSchema, type SessionRecord } from './session.schema';
import { guardedUpserts } from './guarded-upserts';
import {
  sessionDocument,
  sessionRecord,
  sessionView,
  userDocument,
  userRecord,
  userView,
} from './mongo-records';
import { userSchema, type UserRecord } from './user.schema';

/** The names of one set of read-model collections: the live ones, or a rebuild's. */
export interface CollectionNames {
  readonly sessions: string;
  readonly users: string;
  readonly securityHistory: string;
  readonly invites: string;
  readonly targets: string;
  readonly checkpoints: string;
}

/** Every collection of a set, in the order a commit renames them (checkpoints last). */
export const COLLECTION_KEYS = [
  'sessions',
  'users',
  'securityHistory',
  'invites',
  'targets',
  'checkpoints',
] as const;

export const LIVE_COLLECTIONS: CollectionNames = {
  sessions: 'sessions',
  users: 'users',
  securityHistory: 'security_history',
  invites: 'invites',
  targets: 'targets',
  checkpoints: 'checkpoints',
};

export const REBUILD_COLLECTIONS: CollectionNames = {
  sessions: 'sessions__rebuild',
  users: 'users__rebuild',
  securityHistory: 'security_history__rebuild',
  invites: 'invites__rebuild',
  targets: 'targets__rebuild',
  checkpoints: 'checkpoints__rebuild',
};

/** Models over one set of collections, and the batch logic that writes them. */
export class MongoCollections {
  private readonly sessions: Model<SessionRecord>;
  private readonly users: Model<UserRecord>;
  private readonly checkpoints: Model<CheckpointRecord>;
  private readonly securityHistory: Model<SecurityHistoryRecord>;
  private readonly invites: Model<InviteRecord>;
  private readonly targets: Model<TargetRecord>;

  constructor(
    private readonly connection: Connection,
    readonly names: CollectionNames,
  ) {
    this.sessions = modelOn(connection, names.sessions, sessionSchema);
    this.users = modelOn(connection, names.users, userSchema);
    this.checkpoints = modelOn(connection, names.checkpoints, checkpointSchema);
    this.securityHistory = modelOn(connection, names.securityHistory, securityHistorySchema);
    this.invites = modelOn(connection, names.invites, inviteSchema);
    this.targets = modelOn(connection, names.targets, targetSchema);
  }

  /** Creates the collections and their indexes where missing. */
  async ensure(): Promise<void> {
    await ensureCollection(this.sessions);
    await ensureCollection(this.users);
    await ensureCollection(this.securityHistory);
    await ensureCollection(this.checkpoints);
    await ensureCollection(this.invites);
    await ensureCollection(this.targets);
  }

  async drop(): Promise<void> {
    const db = databaseOf(this.connection);
    for (const key of COLLECTION_KEYS) {
      await dropCollectionIfExists(db, this.names[key]);
    }
  }

  /**
   * Loads the documents the batch touches, projects in memory, then writes each changed
   * document with an upsert that only matches an older stored version; the checkpoint is
   * written last, so a crash in between only leaves events that re-apply as no-ops.
   */
  async apply(events: readonly RecordedEvent[]): Promise<void> {
    const last = lastPositionOf(events);
    if (last === null) return;
    const [storedSessions, storedUsers, storedEntries, storedInvites, storedTargets] =
      await Promise.all([
        this.sessions
          .find({ _id: { $in: keysOf(sessionsProjection, events) } })
          .lean<SessionRecord[]>()
          .exec(),
        this.users
          .find({ _id: { $in: keysOf(usersProjection, events) } })
          .lean<UserRecord[]>()
          .exec(),
        this.securityHistory
          .find({ _id: { $in: keysOf(securityHistoryProjection, events) } })
          .lean<SecurityHistoryRecord[]>()
          .exec(),
        this.invites
          .find({ _id: { $in: keysOf(invitesProjection, events) } })
          .lean<InviteRecord[]>()
          .exec(),
        this.targets
          .find({ _id: { $in: keysOf(targetsProjection, events) } })
          .lean<TargetRecord[]>()
          .exec(),
      ]);
    const invitesById = new Map(storedInvites.map((r) => [r._id, inviteDocument(r)]));
    const targetsById = new Map(storedTargets.map((r) => [r._id, targetDocument(r)]));
    const invites = projectBatch(invitesProjection, events, (id) => invitesById.get(id) ?? null);
    const targets = projectBatch(targetsProjection, events, (id) => targetsById.get(id) ?? null);
    const sessionsById = new Map(storedSessions.map((r) => [r._id, sessionDocument(r)]));
    const usersById = new Map(storedUsers.map((r) => [r._id, userDocument(r)]));
    const sessions = projectBatch(sessionsProjection, events, (id) => sessionsById.get(id) ?? null);
    const users = projectBatch(usersProjection, events, (id) => usersById.get(id) ?? null);
    const entriesById = new Map(storedEntries.map((r) => [r._id, securityHistoryDocument(r)]));
    const entries = projectBatch(
      securityHistoryProjection,
      events,
      (id) => entriesById.get(id) ?? null,
    );
    await Promise.all([
      guardedUpserts(this.sessions, [...sessions.values()].map(sessionRecord), 'lastPosition'),
      guardedUpserts(this.users, [...users.values()].map(userRecord), 'lastPosition'),
      guardedUpserts(
        this.securityHistory,
        [...entries.values()].map(securityHistoryRecord),
        'lastPosition',
      ),
      guardedUpserts(this.invites, [...invites.values()].map(inviteRecord), 'lastPosition'),
      guardedUpserts(this.targets, [...targets.values()].map(targetRecord), 'lastPosition'),
    ]);
    await guardedUpserts(
      this.checkpoints,
      [{ _id: CHECKPOINT_ID, position: encodePosition(last) }],
      'position',
    );
  }

  async session(sessionId: string): Promise<SessionView | null> {
    const record = await this.sessions.findById(sessionId).lean<SessionRecord>().exec();
    return record ? sessionView(record) : null;
  }

  async listActiveSessions(userId: string): Promise<SessionView[]> {
    const records = await this.sessions
      .find({ userId, revokedAt: null })
      .sort({ startedAt: 1, _id: 1 })
      .lean<SessionRecord[]>()
      .exec();
    return records.map(sessionView);
  }

  async user(userId: string): Promise<UserView | null> {
    const record = await this.users.findById(userId).lean<UserRecord>().exec();
    const view = record ? userView(record) : null;
    return view && !isDeletedUser(view) ? view : null;
  }

  async listAccountDeletions(): Promise<AccountDeletionView[]> {
    const records = await this.users
      // Ranges rather than "not null", so that each branch is an index scan.
      .find({ $or: [{ deletionDueAt: { $gte: 0 } }, { deletedAt: { $gte: 0 } }] })
      .sort({ _id: 1 })
      .lean<UserRecord[]>()
      .exec();
    return records.map((record) => ({
      userId: record._id,
      dueAt: record.deletionDueAt ?? null,
      deletedAt: record.deletedAt ?? null,
    }));
  }

  async findUsersByEmail(emailNormalized: string): Promise<UserView[]> {
    const records = await this.users
      .find({ emailNormalized })
      .sort({ registeredAt: 1, _id: 1 })
      .lean<UserRecord[]>()
      .exec();
    return records.map(userView);
  }

  async listSecurityHistory(
    userId: string,
    { before, limit }: SecurityHistoryPageRequest,
  ): Promise<SecurityHistoryEntry[]> {
    const filter =
      before === null ? { userId } : { userId, lastPosition: { $lt: encodePosition(before) } };
    const records = await this.securityHistory
      .find(filter)
      .sort({ lastPosition: -1 })
      .limit(limit)
      .lean<SecurityHistoryRecord[]>()
      .exec();
    return records.map(securityHistoryEntry);
  }

  async invite(code: string): Promise<InviteView | null> {
    const record = await this.invites.findById(code).lean<InviteRecord>().exec();
    return record ? inviteView(record) : null;
  }

  async listInvitesByTarget(type: InviteType, targetId: string): Promise<InviteView[]> {
    const records = await this.invites
      .find({ type, targetId })
      .sort({ createdAt: 1, _id: 1 })
      .lean<InviteRecord[]>()
      .exec();
    return records.map(inviteView);
  }

  async listInvitesByCreator(creatorId: string): Promise<InviteView[]> {
    const records = await this.invites
      .find({ creatorId })
      .sort({ createdAt: 1, _id: 1 })
      .lean<InviteRecord[]>()
      .exec();
    return records.map(inviteView);
  }

  async target(targetType: TargetType, targetId: string): Promise<TargetView | null> {
    const record = await this.targets
      .findById(targetKey(targetType, targetId))
      .lean<TargetRecord>()
      .exec();
    return record ? targetView(record) : null;
  }

  async checkpoint(): Promise<GlobalPosition | null> {
    const record = await this.checkpoints.findById(CHECKPOINT_ID).lean<CheckpointRecord>().exec();
    return record ? decodePosition(record.position) : null;
  }

  /** Sets the checkpoint back to `position` (or removes it) if it is ahead of it. */
  async lowerCheckpointTo(position: GlobalPosition | null): Promise<void> {
    if (position === null) {
      await this.checkpoints.deleteOne({ _id: CHECKPOINT_ID }).exec();
      return;
    }
    const key = encodePosition(position);
    await this.checkpoints
      .updateOne({ _id: CHECKPOINT_ID, position: { $gt: key } }, { $set: { position: key } })
      .exec();
  }
}

export function databaseOf(connection: Connection) {
  const db = connection.db;
  if (db === undefined) throw new Error('The MongoDB connection is not open');
  return db;
}

export async function dropCollectionIfExists(
  db: ReturnType<typeof databaseOf>,
  name: string,
): Promise<void> {
  const found = await db.listCollections({ name }, { nameOnly: true }).toArray();
  if (found.length > 0) await db.dropCollection(name);
}

function modelOn<T>(connection: Connection, collection: string, schema: Schema<T>): Model<T> {
  // One model per collection name on this connection; a rebuild reuses its models.
  const existing = connection.models[collection] as Model<T> | undefined;
  return existing ?? connection.model<T>(collection, schema, collection);
}

async function ensureCollection<T>(model: Model<T>): Promise<void> {
  await model.createCollection();
  await model.createIndexes();
}
