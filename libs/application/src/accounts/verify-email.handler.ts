import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuthError, EmailVerificationFailed } from '@tangle/contracts';
import { parseEmailAddress, type EmailAddress } from '@tangle/domain';
import { CLOCK, type Clock } from '../ports';
import { metadataFor } from '../shared/request-context';
import { assertValid } from '../shared/validate';
import { RateLimits } from '../limits/rate-limits';
import { AccountStream } from './account-stream';
import { Reservations } from './reservations';
import { OneTimeCodes } from './one-time-codes';
import { VerifyEmailCommand } from './verify-email.command';
import { EmailChange } from '../settings/email-change';

/**
 * Checks a code under the account stream's expected revision: of any number of
 * parallel submissions of the right code exactly one verifies, the rest find it
 * used. A wrong code is recorded (five kill the code) and answered INVALID_CODE,
 * as is an unknown address. Sent signed in with the address an email change of the account
 * waits for, the code confirms that change (EmailChange).
 */
@CommandHandler(VerifyEmailCommand)
export class VerifyEmailHandler implements ICommandHandler<VerifyEmailCommand, void> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly accounts: AccountStream,
    private readonly reservations: Reservations,
    private readonly codes: OneTimeCodes,
    private readonly limits: RateLimits,
    private readonly emailChange: EmailChange,
  ) {}

  async execute(command: VerifyEmailCommand): Promise<void> {
    assertValid(command);
    let email: EmailAddress | null;
    try {
      email = parseEmailAddress(command.email);
    } catch {
      email = null;
    }
    const signedIn = command.context.actorUserId;
    if (email && signedIn && (await this.emailChange.isPendingFor(signedIn, email))) {
      await this.limits.enforce('verify', { address: command.context.clientIp, account: signedIn });
      return this.emailChange.confirm(signedIn, email, command.code, command.context);
    }
    const userId = email ? await this.reservations.holderOfEmail(email) : null;
    await this.limits.enforce('verify', { address: command.context.clientIp, account: userId });
    if (!userId) throw new AuthError('INVALID_CODE');
    const now = this.clock.now();
    const codeHash = this.codes.hash('email-verification', userId, command.code);
    const decision = await this.accounts.decide(
      userId,
      { kind: 'verify-email', codeHash, at: now },
      metadataFor({ ...command.context, actorUserId: command.context.actorUserId ?? userId }, now),
    );
    if (decision.events.some((e) => e.type === EmailVerificationFailed))
      throw new AuthError('INVALID_CODE');
  }
}
