import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../ports';
import { metadataFor, type RequestContext } from '../shared/request-context';
import { AccountStream } from './account-stream';
import { OneTimeCodes } from './one-time-codes';

/** Issues a verification code for an account's address (the relay mails it). */
@Injectable()
export class EmailVerification {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly accounts: AccountStream,
    private readonly codes: OneTimeCodes,
  ) {}

  async request(userId: string, locale: string, context: RequestContext): Promise<void> {
    const now = this.clock.now();
    await this.accounts.decide(
      userId,
      () => ({
        kind: 'request-email-verification',
        ...this.codes.issue('email-verification', userId),
        locale,
        at: now,
        cooldownMs: this.codes.cooldownMs,
      }),
      metadataFor({ ...context, actorUserId: context.actorUserId ?? userId }, now),
    );
  }
}
