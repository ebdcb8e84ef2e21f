import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuthError, isAuthError } from '@tangle/contracts';
import { parseEmailAddress } from '@tangle/domain';
import { assertValid } from '../shared/validate';
import { RateLimits } from '../limits/rate-limits';
import { AccountStream } from './account-stream';
import { Reservations } from './reservations';
import { EmailVerification } from './email-verification';
import { ResendEmailVerificationCommand } from './resend-email-verification.command';

/**
 * A new code replaces the old one (cooldown and daily cap apply). For the
 * signed-in user's own address the caller hears why a code was refused; for an
 * address given without a session the answer is always `()`, so it cannot be
 * used to learn which addresses have accounts.
 */
@CommandHandler(ResendEmailVerificationCommand)
export class ResendEmailVerificationHandler implements ICommandHandler<
  ResendEmailVerificationCommand,
  void
> {
  private readonly logger = new Logger('EmailVerification');

  constructor(
    private readonly accounts: AccountStream,
    private readonly reservations: Reservations,
    private readonly verification: EmailVerification,
    private readonly limits: RateLimits,
  ) {}

  async execute(command: ResendEmailVerificationCommand): Promise<void> {
    assertValid(command);
    await this.limits.enforce('resend', {
      address: command.context.clientIp,
      account: command.userId,
    });
    if (command.email === null) {
      if (!command.userId)
        throw new AuthError('UNAUTHORIZED', 'sign in, or give the email address');
      await this.verification.request(command.userId, command.locale, command.context);
      return;
    }
    const email = parseEmailAddress(command.email);
    const holder = await this.reservations.holderOfEmail(email);
    if (holder !== null && holder === command.userId) {
      await this.verification.request(holder, command.locale, command.context);
      return;
    }
    if (holder === null) return;
    const account = await this.accounts.state(holder);
    if (account.status !== 'registered' || account.emailVerified) return;
    try {
      await this.verification.request(holder, command.locale, command.context);
    } catch (error) {
      if (!isAuthError(error)) throw error;
      this.logger.debug(`verification code for ${holder} not issued: ${error.message}`);
    }
  }
}
