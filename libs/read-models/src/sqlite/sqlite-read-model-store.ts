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
import { preparePrivateSqliteFile } from '@tangle/platform';
import Database from 'better-sqlite3';
import { LIVE_TABLES, REBUILD_TABLES, createTables, dropTables, swapTables } from './sqlite-schema';
import { SqliteTables } from './sqlite-tables';

/**
 * The read models in an embedded SQLite file (WAL). Each batch, with its checkpoint, is one
 * transaction; a rebuild fills `*__rebuild` tables that `commit` renames over the live ones in
 * one transaction, so readers see either the old set or the new one.
 */
export class SqliteReadModelStore implements ReadModelStore {
  private readonly live: SqliteTables;
  private readonly applyLive: Database.Transaction<(events: readonly RecordedEvent[]) => void>;
  private rebuild: SqliteRebuild | null = null;

  private constructor(private readonly db: Database.Database) {
    this.live = new SqliteTables(db, LIVE_TABLES);
    this.applyLive = db.transaction((events: readonly RecordedEvent[]) => this.live.apply(events));
  }

  /** Opens (creating if needed) the file; `:memory:` works too, for a throwaway store. */
  static async open(file: string): Promise<SqliteReadModelStore> {
    preparePrivateSqliteFile(file);
    const db = new Database(file);
    try {
      // What a deletion removes (a deleted account's rows, a sent mail) is overwritten, not left in free pages.
      db.pragma('secure_delete = ON');
      db.pragma('journal_mode = WAL');
      // Read models can be rebuilt from the log, so WAL's NORMAL durability is enough.
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      db.transaction(() => createTables(db, LIVE_TABLES)).immediate();
      return new SqliteReadModelStore(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async apply(events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    this.applyLive.immediate(events);
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

  async findUsersByEmail(emailNormalized: string): Promise<UserView[]> {
    return this.live.findUsersByEmail(emailNormalized);
  }

  async listAccountDeletions(): Promise<AccountDeletionView[]> {
    return this.live.listAccountDeletions();
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
    // Leftovers of a rebuild that never finished (a crash) are dropped: a rebuild starts empty.
    this.db
      .transaction(() => {
        dropTables(this.db, REBUILD_TABLES);
        createTables(this.db, REBUILD_TABLES);
      })
      .immediate();
    const rebuild = new SqliteRebuild(this.db, () => {
      this.rebuild = null;
    });
    this.rebuild = rebuild;
    return rebuild;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

class SqliteRebuild implements ReadModelRebuild {
  private readonly tables: SqliteTables;
  private readonly applyBatch: Database.Transaction<(events: readonly RecordedEvent[]) => void>;
  private done = false;

  constructor(
    private readonly db: Database.Database,
    private readonly onDone: () => void,
  ) {
    this.tables = new SqliteTables(db, REBUILD_TABLES);
    this.applyBatch = db.transaction((events: readonly RecordedEvent[]) =>
      this.tables.apply(events),
    );
  }

  async apply(events: readonly RecordedEvent[]): Promise<void> {
    this.assertOpen();
    if (events.length > 0) this.applyBatch.immediate(events);
  }

  async checkpoint(): Promise<GlobalPosition | null> {
    this.assertOpen();
    return this.tables.checkpoint();
  }

  async commit(): Promise<void> {
    this.assertOpen();
    this.db.transaction(() => swapTables(this.db, REBUILD_TABLES, LIVE_TABLES)).immediate();
    this.finish();
  }

  async abort(): Promise<void> {
    if (this.done) return;
    this.db.transaction(() => dropTables(this.db, REBUILD_TABLES)).immediate();
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
