import { Inject, Injectable } from '@nestjs/common';
import { Streams } from '@tangle/contracts';
import { accountDecider } from '@tangle/domain';
import { CLOCK, EVENT_STORE, type Clock, type EventStore } from '../ports';
import { metadataFor, type RequestContext } from '../shared/request-context';
import { decideAndAppend } from '../shared/stream-decision';
import { ACCOUNT_CACHE, type AccountCache } from './account-cache';
import { OneTimeCodes } from './one-time-codes';

export const DEFAULT_LOCALE = 'en';

/** Issues a verification code for an account's address (the relay mails it). */
@Injectable()
export class EmailVerification {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ACCOUNT_CACHE) private readonly accounts: AccountCache,
    private readonly codes: OneTimeCodes,
  ) {}

  async request(userId: string, locale: string, context: RequestContext): Promise<void> {
    const now = this.clock.now();
    const decision = await decideAndAppend(
      this.store,
      Streams.account(userId),
      accountDecider,
      () => {
        const { codeHash, sealedCode } = this.codes.issue('email-verification', userId);
        return {
          kind: 'request-email-verification' as const,
          codeHash,
          sealedCode,
          locale,
          at: now,
          cooldownMs: this.codes.cooldownMs,
        };
      },
      metadataFor({ ...context, actorUserId: context.actorUserId ?? userId }, now),
      () => this.accounts.known(userId),
    );
    for (const event of decision.recorded) this.accounts.apply(event);
  }
}
