import { performance } from 'node:perf_hooks';
import { Inject, Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuthError, PasswordChanged } from '@tangle/contracts';
import {
  activeSessionsOf,
  normalizePassword,
  parseEmailAddress,
  type AccountCommand,
} from '@tangle/domain';
import { CLOCK, PASSWORD_HASHER, type Clock, type PasswordHasher } from '../ports';
import { metadataFor, type RequestContext } from '../shared/request-context';
import { assertValid } from '../shared/validate';
import { SessionStream } from '../sessions/session-stream';
import { RateLimits } from '../limits/rate-limits';
import { AccountStream } from './account-stream';
import { OneTimeCodes } from './one-time-codes';
import { PasswordScreening } from './password-screening';
import { Reservations } from './reservations';
import { ResetPasswordCommand } from './reset-password.command';

/** The request answers no sooner than this, account or not, so its timing tells nothing. */
export const RESET_REQUEST_FLOOR_MS = Symbol('ResetRequestFloorMs');
const DEFAULT_FLOOR_MS = 250;

@CommandHandler(ResetPasswordCommand)
export class ResetPasswordHandler implements ICommandHandler<ResetPasswordCommand, void> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    private readonly accounts: AccountStream,
    private readonly sessions: SessionStream,
    private readonly reservations: Reservations,
    private readonly codes: OneTimeCodes,
    private readonly limits: RateLimits,
    private readonly passwords: PasswordScreening,
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
      const userId = await this.reservations.holderOfEmail(email);
      await this.limits.enforce('reset-request', {
        address: command.context.clientIp,
        account: userId ?? this.reservations.emailKey(email),
      });
      if (userId) {
        const now = this.clock.now();
        await this.accounts.decide(
          userId,
          () => ({
            kind: 'request-password-reset',
            ...this.codes.issue('password-reset', userId),
            locale: command.locale,
            at: now,
            cooldownMs: this.codes.cooldownMs,
          }),
          metadataFor(command.context, now),
        );
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
    await this.passwords.assertAcceptable(password);
    const userId = await this.reservations
      .holderOfEmail(parseEmailAddress(command.email))
      .catch(() => null);
    await this.limits.enforce('reset-confirm', {
      address: command.context.clientIp,
      account: userId,
    });
    if (!userId) throw new AuthError('INVALID_CODE');
    await this.passwords.assertNotPwned(password);
    const codeHash = this.codes.hash('password-reset', userId, code);
    const now = this.clock.now();
    const confirm = (passwordHash: string): AccountCommand => ({
      kind: 'confirm-password-reset',
      codeHash,
      passwordHash,
      at: now,
    });
    let passwordHash: string | null = null;
    const decision = await this.accounts
      .decide(
        userId,
        async (state) => {
          // Hash only when the decider accepts the code on this state: a wrong
          // guess costs no argon2 work.
          const accepted = this.accounts
            .outcome(state, confirm(''))
            .some((event) => event.type === PasswordChanged);
          if (accepted && passwordHash === null) passwordHash = await this.hasher.hash(password);
          return confirm(accepted ? passwordHash! : '');
        },
        metadataFor({ ...command.context, actorUserId: userId }, now),
      )
      .catch((error: unknown) => {
        // No such account, no pending code, an expired or dead one: all INVALID_CODE.
        if (error instanceof AuthError) throw new AuthError('INVALID_CODE');
        throw error;
      });
    if (!decision.events.some((event) => event.type === PasswordChanged)) {
      throw new AuthError('INVALID_CODE');
    }
    // Only the sessions still active: the account does not keep the ones ended before.
    await this.revokeAll(userId, activeSessionsOf(decision.state, now), command.context, now);
    // The owner proved control of the address: strangers' failed sign-ins no longer count.
    await this.limits.reset('sign-in', userId);
  }

  private async revokeAll(
    userId: string,
    sessionIds: string[],
    context: RequestContext,
    now: number,
  ): Promise<void> {
    const metadata = metadataFor({ ...context, actorUserId: userId }, now);
    for (const sessionId of sessionIds) {
      await this.sessions
        .decide(
          sessionId,
          {
            kind: 'revoke',
            byUserId: userId,
            bySessionId: null,
            reason: 'password-reset',
            at: now,
          },
          metadata,
        )
        .catch((error: unknown) => {
          // A link whose session never started (a crash in between) has nothing to revoke.
          if (error instanceof AuthError && error.errorName === 'NOT_FOUND') return null;
          throw error;
        });
    }
  }
}
