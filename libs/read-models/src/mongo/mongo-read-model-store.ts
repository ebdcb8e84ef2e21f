import type {
  GlobalPosition,
  InviteView,
  TargetView,
  ReadModelRebuild,
  ReadModelStore,
  RecordedEvent,
  SecurityHistoryEntry,
  SecurityHistoryPageRequest,
  SessionView,
  UserView,
  AccountDeletionView,
} from '@tangle/application';
import type { InviteType, TargetType } from '@tangle/contracts';
import mongoose, { type Connection, type ConnectOptions } from 'mongoose';
import {
  COLLECTION_KEYS,
  LIVE_COLLECTIONS,
  MongoCollections,
  REBUILD_COLLECTIONS,
  databaseOf,
  dropCollectionIfExists,
} from './mongo-collections';

const NOT_IMPLEMENTED = 238;

/**
 * The read models in MongoDB, on a connection of their own (never mongoose's global one).
 * Every document carries the key of the last event position applied to it and is only
 * overwritten by a newer one, so batches may be applied again without effect.
 */
export class MongoReadModelStore implements ReadModelStore {
  private rebuild: MongoRebuild | null = null;

  private constructor(
    private readonly connection: Connection,
    private readonly live: MongoCollections,
  ) {}

  /** Connects to `url` (its database, or `options.dbName`) and creates what is missing. */
  static async open(url: string, options: ConnectOptions = {}): Promise<MongoReadModelStore> {
    const connection = mongoose.createConnection(url, {
      autoIndex: false,
      autoCreate: false,
      ...options,
    });
    try {
      await connection.asPromise();
      const live = new MongoCollections(connection, LIVE_COLLECTIONS);
      await live.ensure();
      return new MongoReadModelStore(connection, live);
    } catch (error) {
      await connection.close();
      throw error;
    }
  }

  async apply(events: readonly RecordedEvent[]): Promise<void> {
    await this.live.apply(events);
  }

  async listActiveSessions(userId: string): Promise<SessionView[]> {
    return this.live.listActiveSessions(userId);
  }

  async getSession(sessionId: string): Promise<SessionView | null> {
    return this.live.session(sessionId);
  }

  async getUser(userId: string): Promise<UserView | null> {
    return this.live.user(userId);
  }

  async listAccountDeletions(): Promise<AccountDeletionView[]> {
    return this.live.listAccountDeletions();
  }

  async findUsersByEmail(emailNormalized: string): Promise<UserView[]> {
    return this.live.findUsersByEmail(emailNormalized);
  }

  async listSecurityHistory(
    userId: string,
    page: SecurityHistoryPageRequest,
  ): Promise<SecurityHistoryEntry[]> {
    return this.live.listSecurityHistory(userId, page);
  }

  async getInvite(code: string): Promise<InviteView | null> {
    return this.live.invite(code);
  }

  async listInvitesByTarget(type: InviteType, targetId: string): Promise<InviteView[]> {
    return this.live.listInvitesByTarget(type, targetId);
  }

  async listInvitesByCreator(creatorId: string): Promise<InviteView[]> {
    return this.live.listInvitesByCreator(creatorId);
  }

  async getTarget(targetType: TargetType, targetId: string): Promise<TargetView | null> {
    return this.live.target(targetType, targetId);
  }

  async checkpoint(): Promise<GlobalPosition | null> {
    return this.live.checkpoint();
  }

  async beginRebuild(): Promise<ReadModelRebuild> {
    if (this.rebuild !== null) throw new Error('A read-model rebuild is already in progress');
    const target = new MongoCollections(this.connection, REBUILD_COLLECTIONS);
    const rebuild = new MongoRebuild(this.connection, target, this.live, () => {
      this.rebuild = null;
    });
    this.rebuild = rebuild;
    try {
      // Leftovers of a rebuild that never finished are dropped: a rebuild starts empty.
      await target.drop();
      await target.ensure();
    } catch (error) {
      this.rebuild = null;
      throw error;
    }
    return rebuild;
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}

class MongoRebuild implements ReadModelRebuild {
  private done = false;

  constructor(
    private readonly connection: Connection,
    private readonly target: MongoCollections,
    private readonly live: MongoCollections,
    private readonly onDone: () => void,
  ) {}

  async apply(events: readonly RecordedEvent[]): Promise<void> {
    this.assertOpen();
    await this.target.apply(events);
  }

  async checkpoint(): Promise<GlobalPosition | null> {
    this.assertOpen();
    return this.target.checkpoint();
  }

  /**
   * Renames the rebuilt collections over the live ones (dropTarget). Each rename is atomic but
   * the five together are not, so the live checkpoint is first lowered to the rebuild's and the
   * checkpoints collection is renamed last: after a crash part-way the checkpoint is never ahead
   * of a collection, and re-applying from it only repeats position-guarded no-ops.
   */
  async commit(): Promise<void> {
    this.assertOpen();
    await this.live.lowerCheckpointTo(await this.target.checkpoint());
    const db = databaseOf(this.connection);
    let dropTarget = true;
    for (const key of COLLECTION_KEYS) {
      const [from, to] = [this.target.names[key], this.live.names[key]];
      if (dropTarget) {
        try {
          await db.renameCollection(from, to, { dropTarget: true });
          continue;
        } catch (error) {
          if ((error as { code?: unknown }).code !== NOT_IMPLEMENTED) throw error;
          // A server without dropTarget (FerretDB 1.x): the live collection is dropped, then the
          // rebuilt one renamed, and readers find no collection in between. The live checkpoint
          // goes first, so a crash in between costs a replay from the start, never a checkpoint
          // ahead of a collection.
          dropTarget = false;
          await this.live.lowerCheckpointTo(null);
        }
      }
      await dropCollectionIfExists(db, to);
      await db.renameCollection(from, to);
    }
    this.finish();
  }

  async abort(): Promise<void> {
    if (this.done) return;
    await this.target.drop();
    this.finish();
  }

  private finish(): void {
    this.done = true;
    this.onDone();
  }

  private assertOpen(): void {
    if (this.done) throw new Error('This read-model rebuild is already committed or aborted');
  }
}
