import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuthError } from '@tangle/contracts';
import { parseEmailAddress } from '@tangle/domain';
import { AccountStream } from '../accounts/account-stream';
import { OneTimeCodes } from '../accounts/one-time-codes';
import { Reservations } from '../accounts/reservations';
import { RateLimits } from '../limits/rate-limits';
import { CLOCK, type Clock } from '../ports';
import { metadataFor } from '../shared/request-context';
import { assertValid } from '../shared/validate';
import { ChangeEmailCommand } from './change-email.command';

/**
 * settings.changeEmail: mails a code to the new address (a new request replaces the pending
 * one). Nothing is reserved yet, so a request cannot squat an address; the change happens when
 * the code comes back through auth.verifyEmail (EmailChange). Each request mails a stranger's
 * address: it is limited per account and per client address, and paced by the domain's
 * growing wait between codes.
 */
@CommandHandler(ChangeEmailCommand)
export class ChangeEmailHandler implements ICommandHandler<ChangeEmailCommand, void> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly accounts: AccountStream,
    private readonly reservations: Reservations,
    private readonly codes: OneTimeCodes,
    private readonly limits: RateLimits,
  ) {}

  async execute(command: ChangeEmailCommand): Promise<void> {
    assertValid(command);
    const { userId } = command;
    const email = parseEmailAddress(command.newEmail);
    await this.limits.enforce('change-email', {
      address: command.context.clientIp,
      account: userId,
    });
    const now = this.clock.now();
    // Sign-up tells the same; no code goes to an address that cannot be had.
    if (await this.reservations.isEmailHeldByAnother(email, userId, now)) {
      throw new AuthError('EMAIL_ALREADY_EXISTS');
    }
    await this.accounts.decide(
      userId,
      () => ({
        kind: 'request-email-change',
        email: email.address,
        normalized: email.normalized,
        ...this.codes.issue('email-change', userId),
        locale: command.locale,
        at: now,
        cooldownMs: this.codes.cooldownMs,
      }),
      metadataFor(command.context, now),
    );
  }
}
