import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  AccountDeleted,
  AccountDeletionCancelled,
  AccountDeletionRequested,
  AuthError,
  type AccountDeletionRequestedData,
} from '@tangle/contracts';
import { parseEmailAddress, parseUsername, type AccountState } from '@tangle/domain';
import {
  ACCOUNT_DELETION_RECORDS,
  CLOCK,
  comparePositions,
  ERASURE_HOOKS,
  PERSONAL_DATA_KEYS,
  type AccountDeletionRecords,
  type Clock,
  type ErasureHook,
  type GlobalPosition,
  type PersonalDataKeys,
  type RecordedEvent,
} from '../ports';
import { metadataFor, type RequestContext } from '../shared/request-context';
import { SessionStream } from '../sessions/session-stream';
import { ACCOUNT_CACHE, type AccountCache } from './account-cache';
import { AccountStream } from './account-stream';
import { Reservations } from './reservations';

/**
 * Carries out deletions whose grace has ended, and forgets the deleted accounts.
 *
 * It learns of deletions from two places, neither of which reads the log from its start:
 *
 * - live, from the account cache's events (every account event after the position where this
 *   process began following $all, whether or not the account is cached), so a deletion asked
 *   for here or on any node is known at once;
 * - for what came before that position, from the users read model (`listAccountDeletions`),
 *   asked at each sweep until its checkpoint has passed that position. What was heard live about
 *   an account wins over the read model's older word on it.
 *
 * A due time that turns out stale (cancelled in the meantime) costs one decision that appends
 * nothing; the account's state then corrects the list. Each step is decided on its stream under
 * its expected revision, with event ids derived from the account alone, so several processes
 * sweeping at once append each event once:
 *
 * 1. `account.deleted` (only when still pending and due: a cancel or a sign-in that came first
 *    wins, and nothing is decided on the account afterwards, so no sign-in can follow);
 * 2. the address and the username released (reason `deleted`);
 * 3. every session revoked (`account-deleted`; connections get `session_deleted`);
 * 4. the hooks told (files that hold the address in plain text);
 * 5. the account's data key destroyed: its personal fields read as erased everywhere.
 *
 * Steps 2 to 5 are repeated for a deleted account whose key still exists, so a crash between
 * them is finished at the next sweep.
 */
const DELETION_EVENTS: ReadonlySet<string> = new Set([
  AccountDeletionRequested,
  AccountDeletionCancelled,
  AccountDeleted,
]);

@Injectable()
export class AccountErasure {
  private readonly due = new Map<string, number>();
  private readonly unfinished = new Set<string>();
  private running: Promise<string[]> | null = null;
  /** Where live events began; 'unknown' until told, 'done' once the records have passed it. */
  private backlog: 'unknown' | 'done' | { from: GlobalPosition } = 'unknown';
  /** Accounts heard of live while the backlog is read: the records' older word does not count. */
  private readonly heardLive = new Set<string>();

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ACCOUNT_CACHE) cache: AccountCache,
    private readonly accounts: AccountStream,
    private readonly sessions: SessionStream,
    private readonly reservations: Reservations,
    @Inject(PERSONAL_DATA_KEYS) private readonly keys: PersonalDataKeys,
    @Optional() @Inject(ERASURE_HOOKS) private readonly hooks: ErasureHook[] | null = null,
    @Optional()
    @Inject(ACCOUNT_DELETION_RECORDS)
    private readonly records: AccountDeletionRecords | null = null,
  ) {
    cache.onEvent((userId, event) => this.observe(userId, event));
  }

  /**
   * Tells the erasure where this process's $all subscription began (null: the log was empty):
   * deletions at or before it are read from the records at the next sweeps.
   */
  followingFrom(position: GlobalPosition | null): void {
    if (this.backlog !== 'unknown') return;
    this.backlog = position === null || this.records === null ? 'done' : { from: position };
  }

  /** Accounts whose deletion is pending, with when each falls due. */
  pending(): ReadonlyMap<string, number> {
    return this.due;
  }

  /**
   * Deletes every account due by now and finishes unfinished erasures; resolves with the ids
   * erased. A sweep asked for while one runs joins it.
   */
  sweep(): Promise<string[]> {
    this.running ??= this.run().finally(() => (this.running = null));
    return this.running;
  }

  private observe(userId: string, event: RecordedEvent): void {
    if (this.backlog !== 'done' && DELETION_EVENTS.has(event.type)) this.heardLive.add(userId);
    switch (event.type) {
      case AccountDeletionRequested:
        this.due.set(userId, (event.data as AccountDeletionRequestedData).dueAt);
        break;
      case AccountDeletionCancelled:
        this.due.delete(userId);
        break;
      case AccountDeleted:
        this.due.delete(userId);
        this.unfinished.add(userId);
        break;
    }
  }

  /** The deletions from before this process followed $all, until the records have passed it. */
  private async readBacklog(): Promise<void> {
    const backlog = this.backlog;
    if (typeof backlog !== 'object' || this.records === null) return;
    // The checkpoint first: the list read after it is at least that recent.
    const checkpoint = await this.records.checkpoint();
    const rows = await this.records.listAccountDeletions();
    if (this.backlog !== backlog) return;
    for (const { userId, dueAt, deletedAt } of rows) {
      if (this.heardLive.has(userId)) continue;
      if (dueAt !== null && !this.due.has(userId)) this.due.set(userId, dueAt);
      if (deletedAt !== null) this.unfinished.add(userId);
    }
    if (checkpoint !== null && comparePositions(checkpoint, backlog.from) >= 0) {
      this.backlog = 'done';
      this.heardLive.clear();
    }
  }

  private async run(): Promise<string[]> {
    const failures: unknown[] = [];
    await this.readBacklog().catch((error: unknown) => failures.push(error));
    const now = this.clock.now();
    // One account failing (a store hiccup) does not hold the others back; it is tried again.
    for (const [userId, dueAt] of [...this.due]) {
      if (dueAt > now) continue;
      try {
        await this.accounts.decide(userId, { kind: 'delete', at: now }, this.metadata(userId, now));
        // The state has the last word: a due time heard of before a cancel goes, a later one stays.
        const state = await this.accounts.state(userId);
        if (state.status === 'registered' && state.pendingDeletion) {
          this.due.set(userId, state.pendingDeletion.dueAt);
        } else {
          this.due.delete(userId);
          if (state.status === 'deleted') this.unfinished.add(userId);
        }
      } catch (error) {
        // No such account (a record that never matched one): nothing to delete.
        if (error instanceof AuthError && error.errorName === 'NOT_FOUND') this.due.delete(userId);
        else failures.push(error);
      }
    }
    const erased: string[] = [];
    for (const userId of [...this.unfinished]) {
      try {
        if (await this.erase(userId)) erased.push(userId);
        this.unfinished.delete(userId);
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw failures[0];
    return erased;
  }

  /** Steps 2 to 5 for a deleted account; false when there was nothing left to do. */
  private async erase(userId: string): Promise<boolean> {
    // The key first: deleted accounts read from the records at start are mostly erased already.
    if (await this.keys.isDestroyed(userId)) return false;
    const state: AccountState = await this.accounts.state(userId);
    if (state.status !== 'deleted') return false;
    const now = this.clock.now();
    const metadata = this.metadata(userId, now);
    if (state.email) {
      await this.reservations.releaseEmail(
        parseEmailAddress(state.email),
        userId,
        'deleted',
        metadata,
      );
    }
    if (state.username) {
      await this.reservations.releaseUsername(
        parseUsername(state.username),
        userId,
        'deleted',
        metadata,
      );
    }
    for (const sessionId of state.sessionIds) {
      try {
        await this.sessions.decide(
          sessionId,
          {
            kind: 'revoke',
            byUserId: userId,
            bySessionId: null,
            reason: 'account-deleted',
            at: now,
          },
          metadata,
        );
      } catch (error) {
        // Linked, but its session stream never written (a sign-in cut short): nothing to revoke.
        if (!(error instanceof AuthError && error.errorName === 'NOT_FOUND')) throw error;
      }
    }
    for (const hook of this.hooks ?? []) await hook.forget({ userId, email: state.email });
    await this.keys.destroy(userId);
    return true;
  }

  /** The same correlation id in every process: racing sweeps derive the same event ids. */
  private metadata(userId: string, now: number) {
    const context: RequestContext = {
      correlationId: `account-deletion-${userId}`,
      actorUserId: null,
      actorSessionId: null,
      clientIp: null,
    };
    return metadataFor(context, now);
  }
}
