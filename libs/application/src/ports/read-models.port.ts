import type { AccountType, InviteType, TargetPhoto, TargetType } from '@tangle/contracts';
import type { GlobalPosition, RecordedEvent } from './event-store.port';

/** A row of the sessions read model. Times are unix ms. */
export interface SessionView {
  sessionId: string;
  userId: string;
  clientId: number;
  deviceType: string;
  deviceVersion: string;
  appName: string;
  appVersion: string;
  method: string;
  startedAt: number;
  lastActive: number;
  country: string | null;
  region: string | null;
  revokedAt: number | null;
}

/** A row of the users read model. */
export interface UserView {
  userId: string;
  name: string;
  email: string | null;
  /** Lower-cased, trimmed: the form uniqueness is checked on. */
  emailNormalized: string | null;
  emailVerified: boolean;
  hasPassword: boolean;
  registeredAt: number;
  /** The profile: null (and 'individual') for accounts registered without one. */
  firstName: string | null;
  lastName: string | null;
  /** E.164. */
  phone: string | null;
  accountType: AccountType;
  referralCode: string | null;
}

/**
 * An account whose deletion is pending (`dueAt`) or done (`deletedAt`): what the erasure sweep
 * needs of the log before this process started following it.
 */
export interface AccountDeletionView {
  userId: string;
  /** When a pending deletion falls due (unix ms); null when none is pending. */
  dueAt: number | null;
  /** When the account was deleted (unix ms); null while it is not. */
  deletedAt: number | null;
}

/**
 * One entry of an account's security history: something that happened to the account's
 * security (a sign-in, a failed one, a password change, a revoked session, ...), made from one
 * event. `kind` names it; the other fields are what that kind has (null otherwise).
 */
export interface SecurityHistoryEntry {
  /** The id of the event it was made from. */
  entryId: string;
  userId: string;
  kind: string;
  /** Unix ms. */
  at: number;
  sessionId: string | null;
  /** The device as its client described it (`Firefox 140 on Linux (desktop)`). */
  device: string | null;
  country: string | null;
  region: string | null;
  /** The kind's one detail: a sign-in's method, a password change's or revocation's reason. */
  detail: string | null;
  /** Where its event is in the log: the history's order, and what a page cursor names. */
  position: GlobalPosition;
}

export interface SecurityHistoryPageRequest {
  /** Only entries older than this position (exclusive); null for the newest. */
  before: GlobalPosition | null;
  limit: number;
}

/** A row of the invites read model. Times are unix ms. */
export interface InviteView {
  code: string;
  type: InviteType;
  targetId: string;
  creatorId: string;
  createdAt: number;
  expiresAt: number;
  maxUses: number;
  uses: number;
  deletedAt: number | null;
}

/** A row of the targets read model: a community or group as its owning service described it. */
export interface TargetView {
  targetType: TargetType;
  targetId: string;
  name: string;
  photo: TargetPhoto | null;
  ownerId: string;
  /** Members of a community, participants of a group. */
  memberIds: string[];
  deleted: boolean;
}

/** Read side of the read models: what query handlers use. */
export interface ReadModelQueries {
  /** Sessions of the user that are not revoked, oldest first. */
  listActiveSessions(userId: string): Promise<SessionView[]>;
  getSession(sessionId: string): Promise<SessionView | null>;
  getUser(userId: string): Promise<UserView | null>;
  findUsersByEmail(emailNormalized: string): Promise<UserView[]>;
  /** Accounts with a pending deletion, and deleted accounts, by user id. */
  listAccountDeletions(): Promise<AccountDeletionView[]>;
  /** The account's security history, newest first (by log position), at most `limit`. */
  listSecurityHistory(
    userId: string,
    page: SecurityHistoryPageRequest,
  ): Promise<SecurityHistoryEntry[]>;
  getInvite(code: string): Promise<InviteView | null>;
  /** Every invite to the target (deleted ones too), oldest first. */
  listInvitesByTarget(type: InviteType, targetId: string): Promise<InviteView[]>;
  /** Every invite the user created (deleted ones too), oldest first. */
  listInvitesByCreator(creatorId: string): Promise<InviteView[]>;
  getTarget(targetType: TargetType, targetId: string): Promise<TargetView | null>;
  /** Position of the last event applied, or null before the first. */
  checkpoint(): Promise<GlobalPosition | null>;
}

/** Write side: what the projector drives. */
export interface ReadModelWriter {
  /**
   * Applies the events in order and stores the checkpoint (the last event's position)
   * with the same write. Applying an event a second time changes nothing.
   */
  apply(events: readonly RecordedEvent[]): Promise<void>;
  /**
   * Starts a rebuild into fresh tables or collections; the current read models keep
   * serving until `commit` swaps the rebuilt ones in.
   */
  beginRebuild(): Promise<ReadModelRebuild>;
}

export interface ReadModelRebuild {
  apply(events: readonly RecordedEvent[]): Promise<void>;
  checkpoint(): Promise<GlobalPosition | null>;
  /** Swaps the rebuilt read models in, with their checkpoint. */
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export interface ReadModelStore extends ReadModelQueries, ReadModelWriter {
  close(): Promise<void>;
}

export const READ_MODEL_STORE = Symbol('ReadModelStore');

/**
 * Where the erasure sweep learns the deletions requested before this process began following
 * the log: the users read model (with PROJECTOR=external, the projector's).
 */
export type AccountDeletionRecords = Pick<ReadModelQueries, 'listAccountDeletions' | 'checkpoint'>;
export const ACCOUNT_DELETION_RECORDS = Symbol('AccountDeletionRecords');

/** How far the read models have got: what read-your-writes waits on. */
export interface ReadModelProgress {
  /** Resolves true once every event up to `position` is applied; false on timeout. */
  waitFor(position: GlobalPosition, timeoutMs: number): Promise<boolean>;
}
export const READ_MODEL_PROGRESS = Symbol('ReadModelProgress');
