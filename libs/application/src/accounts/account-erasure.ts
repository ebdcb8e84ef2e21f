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
  CLOCK,
  ERASURE_HOOKS,
  PERSONAL_DATA_KEYS,
  type Clock,
  type ErasureHook,
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
 * It learns of pending deletions from the account cache, which follows $all from the start of
 * the log in every process: after a restart the same list is there again. Each step is decided
 * on its stream under its expected revision, with event ids derived from the account alone, so
 * several processes sweeping at once append each event once:
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
@Injectable()
export class AccountErasure {
  private readonly due = new Map<string, number>();
  private readonly unfinished = new Set<string>();
  private running: Promise<string[]> | null = null;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ACCOUNT_CACHE) cache: AccountCache,
    private readonly accounts: AccountStream,
    private readonly sessions: SessionStream,
    private readonly reservations: Reservations,
    @Inject(PERSONAL_DATA_KEYS) private readonly keys: PersonalDataKeys,
    @Optional() @Inject(ERASURE_HOOKS) private readonly hooks: ErasureHook[] | null = null,
  ) {
    cache.onEvent((userId, event) => this.observe(userId, event));
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

  private async run(): Promise<string[]> {
    const now = this.clock.now();
    const failures: unknown[] = [];
    // One account failing (a store hiccup) does not hold the others back; it is tried again.
    for (const [userId, dueAt] of [...this.due]) {
      if (dueAt > now) continue;
      await this.accounts
        .decide(userId, { kind: 'delete', at: now }, this.metadata(userId, now))
        .catch((error: unknown) => failures.push(error));
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
    const state: AccountState = await this.accounts.state(userId);
    if (state.status !== 'deleted' || (await this.keys.isDestroyed(userId))) return false;
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
