import { Inject, Injectable } from '@nestjs/common';
import { Streams, type EventMetadata } from '@tangle/contracts';
import {
  emailReservationDecider,
  type EmailAddress,
  type EmailReservationState,
} from '@tangle/domain';
import { EVENT_STORE, IDENTIFIER_KEYS, type EventStore, type IdentifierKeys } from '../ports';
import { decideAndAppend } from '../shared/stream-decision';
import { EMAIL_RESERVATION_CACHE, type EmailReservationCache } from './email-reservation-cache';

/**
 * Email uniqueness through `email-<key>` streams: the first reservation of an
 * address is appended with expected revision "no stream", so of any number of
 * racing sign-ups exactly one wins.
 */
@Injectable()
export class EmailReservations {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(IDENTIFIER_KEYS) private readonly keys: IdentifierKeys,
    @Inject(EMAIL_RESERVATION_CACHE) private readonly holders: EmailReservationCache,
  ) {}

  streamOf(email: EmailAddress): string {
    return Streams.email(this.keyOf(email));
  }

  private keyOf(email: EmailAddress): string {
    return this.keys.emailKey(email.normalized);
  }

  /** Throws EMAIL_ALREADY_EXISTS when the address belongs to another account. */
  async reserve(email: EmailAddress, userId: string, metadata: EventMetadata): Promise<void> {
    const decision = await decideAndAppend(
      this.store,
      this.streamOf(email),
      emailReservationDecider,
      async (state: EmailReservationState) => ({
        kind: 'take-over-abandoned' as const,
        userId,
        email: email.address,
        holderRegistered:
          state.status === 'reserved' && state.userId !== userId
            ? (await this.store.readStream(Streams.account(state.userId), { maxCount: 1 })).length >
              0
            : false,
        at: metadata.serverTime,
      }),
      metadata,
    );
    for (const event of decision.recorded) this.holders.apply(event);
  }

  /** The user id holding the address, if any. */
  async holderOf(email: EmailAddress): Promise<string | null> {
    const key = this.keyOf(email);
    const state = this.holders.peek(key) ?? (await this.holders.get(key));
    return state.status === 'reserved' ? state.userId : null;
  }
}
