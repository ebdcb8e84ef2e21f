import { performance } from 'node:perf_hooks';
import { Inject, Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuthError, PasswordResetFailed, Streams } from '@tangle/contracts';
import {
  accountDecider,
  assertPasswordPolicy,
  checkCode,
  normalizePassword,
  parseEmailAddress,
  sessionDecider,
} from '@tangle/domain';
import {
  CLOCK,
  EVENT_STORE,
  PASSWORD_HASHER,
  type Clock,
  type EventStore,
  type PasswordHasher,
} from '../ports';
import { metadataFor, type RequestContext } from '../shared/request-context';
import { decideAndAppend, loadStream } from '../shared/stream-decision';
import { assertValid } from '../shared/validate';
import { SESSION_CACHE, type SessionCache } from '../sessions/session-cache';
import { ACCOUNT_CACHE, type AccountCache } from './account-cache';
import { EmailReservations } from './email-reservations';
import { OneTimeCodes } from './one-time-codes';
import { ResetPasswordCommand } from './reset-password.command';

/** The request answers no sooner than this, account or not, so its timing tells nothing. */
export const RESET_REQUEST_FLOOR_MS = Symbol('ResetRequestFloorMs');
const DEFAULT_FLOOR_MS = 250;

@CommandHandler(ResetPasswordCommand)
export class ResetPasswordHandler implements ICommandHandler<ResetPasswordCommand, void> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    @Inject(ACCOUNT_CACHE) private readonly accounts: AccountCache,
    @Inject(SESSION_CACHE) private readonly sessions: SessionCache,
    private readonly emails: EmailReservations,
    private readonly codes: OneTimeCodes,
    @Optional() @Inject(RESET_REQUEST_FLOOR_MS) private readonly floorMs: number = DEFAULT_FLOOR_MS,
  ) {}

  async execute(command: ResetPasswordCommand): Promise<void> {
    assertValid(command);
    if (command.code === null) return this.request(command);
    return this.confirm(command, command.code, command.newPassword ?? '');
  }

  /** Mails a code to a real account; answers `()` in the same time either way. */
  private async request(command: ResetPasswordCommand): Promise<void> {
    const started = performance.now();
    const email = parseEmailAddress(command.email);
    try {
      const userId = await this.emails.holderOf(email);
      if (userId) {
        const now = this.clock.now();
        const decision = await decideAndAppend(
          this.store,
          Streams.account(userId),
          accountDecider,
          () => {
            const { codeHash, sealedCode } = this.codes.issue('password-reset', userId);
            return {
              kind: 'request-password-reset' as const,
              codeHash,
              sealedCode,
              locale: command.locale,
              at: now,
              cooldownMs: this.codes.cooldownMs,
            };
          },
          metadataFor(command.context, now),
          () => this.accounts.known(userId),
        );
        for (const event of decision.recorded) this.accounts.apply(event);
      }
    } finally {
      const left = this.floorMs - (performance.now() - started);
      if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
    }
  }

  /**
   * Checks the code, then the new password is hashed and set under the account's
   * expected revision, and every session of the account is revoked (each one's
   * connections are pushed `session_deleted`). The relay mails the security notice.
   */
  private async confirm(
    command: ResetPasswordCommand,
    code: string,
    newPassword: string,
  ): Promise<void> {
    const password = normalizePassword(newPassword);
    assertPasswordPolicy(password);
    let userId: string | null;
    try {
      userId = await this.emails.holderOf(parseEmailAddress(command.email));
    } catch {
      userId = null;
    }
    if (!userId) throw new AuthError('INVALID_CODE');
    const codeHash = this.codes.hash('password-reset', userId, code);
    const loaded = await loadStream(this.store, Streams.account(userId), accountDecider);
    const { state } = loaded;
    if (state.status !== 'registered') throw new AuthError('INVALID_CODE');
    const check = checkCode(state.reset, codeHash, this.clock.now());
    if (check === 'unusable') throw new AuthError('INVALID_CODE');
    // Hash only for a code that matched: a wrong guess costs no argon2 work.
    const passwordHash = check === 'valid' ? await this.hasher.hash(password) : '';
    const now = this.clock.now();
    const metadata = metadataFor({ ...command.context, actorUserId: userId }, now);
    const decision = await decideAndAppend(
      this.store,
      Streams.account(userId),
      accountDecider,
      () => ({ kind: 'confirm-password-reset' as const, codeHash, passwordHash, at: now }),
      metadata,
      // The stream was just read to check the code; the expected revision guards the rest.
      async () => loaded,
    );
    for (const event of decision.recorded) this.accounts.apply(event);
    if (decision.events.some((e) => e.type === PasswordResetFailed) || check !== 'valid') {
      throw new AuthError('INVALID_CODE');
    }
    const sessionIds = decision.state.status === 'registered' ? decision.state.sessionIds : [];
    await this.revokeAll(userId, sessionIds, command.context, now);
  }

  private async revokeAll(
    userId: string,
    sessionIds: string[],
    context: RequestContext,
    now: number,
  ): Promise<void> {
    for (const sessionId of sessionIds) {
      const session = await decideAndAppend(
        this.store,
        Streams.session(sessionId),
        sessionDecider,
        () => ({
          kind: 'revoke' as const,
          byUserId: userId,
          bySessionId: null,
          reason: 'password-reset' as const,
          at: now,
        }),
        metadataFor({ ...context, actorUserId: userId }, now),
      ).catch((error: unknown) => {
        // A link whose session never started (a crash in between) has nothing to revoke.
        if (error instanceof AuthError && error.errorName === 'NOT_FOUND') return null;
        throw error;
      });
      for (const event of session?.recorded ?? []) this.sessions.apply(event);
    }
  }
}
