import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuthError } from '@tangle/contracts';
import { normalizePassword, parseEmailAddress, type EmailAddress } from '@tangle/domain';
import { CLOCK, PASSWORD_HASHER, type Clock, type PasswordHasher } from '../ports';
import type { AuthorizationResult } from '../shared/authorization';
import { metadataFor } from '../shared/request-context';
import { assertValid } from '../shared/validate';
import { SessionStarter } from '../sessions/session-starter';
import { RateLimits } from '../limits/rate-limits';
import { SignInFailures } from '../security/sign-in-failures';
import { AccountStream } from './account-stream';
import { Reservations } from './reservations';
import { SignInCommand } from './sign-in.command';

/**
 * Email and password sign-in. Every failure (unknown email, passwordless account,
 * wrong password) costs one argon2id verification and answers the same
 * INVALID_CREDENTIALS, so neither the message nor the time tells them apart.
 */
@CommandHandler(SignInCommand)
export class SignInHandler implements ICommandHandler<SignInCommand, AuthorizationResult> {
  private readonly logger = new Logger('SignIn');

  constructor(
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly accounts: AccountStream,
    private readonly reservations: Reservations,
    private readonly sessions: SessionStarter,
    private readonly limits: RateLimits,
    private readonly failures: SignInFailures,
  ) {}

  async execute(command: SignInCommand): Promise<AuthorizationResult> {
    assertValid(command);
    const password = normalizePassword(command.password);
    let email: EmailAddress | null;
    try {
      email = parseEmailAddress(command.email);
    } catch {
      email = null;
    }
    const userId = email ? await this.reservations.holderOfEmail(email) : null;
    // A try is reserved before the argon2 work, so tries sent in parallel cannot pass
    // the limit. An unknown address is counted like an account, by its keyed hash.
    await this.limits.enforce('sign-in', {
      address: command.context.clientIp,
      account: userId ?? (email ? this.reservations.emailKey(email) : null),
    });
    const account = userId ? await this.accounts.state(userId) : null;
    if (!userId || account?.status !== 'registered' || account.passwordHash === null) {
      await this.hasher.verifyAgainstDummy(password);
      throw new AuthError('INVALID_CREDENTIALS');
    }
    if (!(await this.hasher.verify(account.passwordHash, password))) {
      // For the owner's security history; not awaited, so the answer costs no more than for
      // an unknown address.
      void this.failures.record(userId, command.device, command.context);
      throw new AuthError('INVALID_CREDENTIALS');
    }
    await this.limits.reset('sign-in', userId);
    if (this.hasher.needsRehash(account.passwordHash)) {
      this.rehash(userId, password, command).catch((error: unknown) =>
        this.logger.warn(`password rehash failed for ${userId}: ${String(error)}`),
      );
    }
    const session = await this.sessions.start(userId, 'password', command.device, command.context, {
      verifiedPasswordHash: account.passwordHash,
      grant: command.grant,
    });
    return {
      token: session.token,
      access: session.access,
      user: { userId, name: account.name },
      sessionId: session.sessionId,
      position: session.position,
    };
  }

  /** Moves a hash made with older parameters to the current ones, while the password is at hand. */
  private async rehash(userId: string, password: string, command: SignInCommand): Promise<void> {
    const passwordHash = await this.hasher.hash(password);
    const now = this.clock.now();
    await this.accounts.decide(
      userId,
      { kind: 'change-password-hash', passwordHash, reason: 'rehash', at: now },
      metadataFor({ ...command.context, actorUserId: userId }, now),
    );
  }
}
