import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuthError, EmailVerificationFailed, Streams } from '@tangle/contracts';
import { accountDecider, parseEmailAddress } from '@tangle/domain';
import { CLOCK, EVENT_STORE, type Clock, type EventStore } from '../ports';
import { metadataFor } from '../shared/request-context';
import { decideAndAppend } from '../shared/stream-decision';
import { assertValid } from '../shared/validate';
import { ACCOUNT_CACHE, type AccountCache } from './account-cache';
import { EmailReservations } from './email-reservations';
import { OneTimeCodes } from './one-time-codes';
import { VerifyEmailCommand } from './verify-email.command';

/**
 * Checks a code under the account stream's expected revision: of any number of
 * parallel submissions of the right code exactly one verifies, the rest find it
 * used. A wrong code is recorded (five kill the code) and answered INVALID_CODE,
 * as is an unknown address.
 */
@CommandHandler(VerifyEmailCommand)
export class VerifyEmailHandler implements ICommandHandler<VerifyEmailCommand, void> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ACCOUNT_CACHE) private readonly accounts: AccountCache,
    private readonly emails: EmailReservations,
    private readonly codes: OneTimeCodes,
  ) {}

  async execute(command: VerifyEmailCommand): Promise<void> {
    assertValid(command);
    let userId: string | null;
    try {
      userId = await this.emails.holderOf(parseEmailAddress(command.email));
    } catch {
      userId = null;
    }
    if (!userId) throw new AuthError('INVALID_CODE');
    const now = this.clock.now();
    const codeHash = this.codes.hash('email-verification', userId, command.code);
    const decision = await decideAndAppend(
      this.store,
      Streams.account(userId),
      accountDecider,
      () => ({ kind: 'verify-email' as const, codeHash, at: now }),
      metadataFor({ ...command.context, actorUserId: command.context.actorUserId ?? userId }, now),
      () => this.accounts.known(userId),
    );
    for (const event of decision.recorded) this.accounts.apply(event);
    if (decision.events.some((e) => e.type === EmailVerificationFailed))
      throw new AuthError('INVALID_CODE');
  }
}
