import { Inject, Injectable } from '@nestjs/common';
import {
  Streams,
  type EmailReservationEvent,
  type EventMetadata,
  type UsernameReservationEvent,
} from '@tangle/contracts';
import {
  emailReservationDecider,
  usernameReservationDecider,
  type EmailAddress,
  type ReleaseReason,
  type ReservationCommand,
  type ReservationState,
  type Username,
} from '@tangle/domain';
import { EVENT_STORE, IDENTIFIER_KEYS, type EventStore, type IdentifierKeys } from '../ports';
import { DecidedStream } from '../shared/decided-stream';
import { EMAIL_RESERVATION_CACHE, type EmailReservationCache } from './email-reservation-cache';

type ReservationStream<E extends { type: string; data: object }> = DecidedStream<
  ReservationCommand,
  ReservationState,
  E
>;

/**
 * Email addresses and usernames, each unique through a stream per value (keyed
 * by an HMAC of its normalised form). A value is taken over only when the
 * reservation is old and its account was never registered (a crash between the
 * two appends); a registered account keeps its values.
 */
@Injectable()
export class Reservations {
  private readonly emails: ReservationStream<EmailReservationEvent>;
  private readonly usernames: ReservationStream<UsernameReservationEvent>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(IDENTIFIER_KEYS) private readonly keys: IdentifierKeys,
    @Inject(EMAIL_RESERVATION_CACHE) holders: EmailReservationCache,
  ) {
    this.emails = new DecidedStream(store, 'email', emailReservationDecider, holders);
    this.usernames = new DecidedStream(store, 'username', usernameReservationDecider);
  }

  /** Throws EMAIL_ALREADY_EXISTS when the address belongs to another account. */
  reserveEmail(email: EmailAddress, userId: string, metadata: EventMetadata): Promise<void> {
    return this.reserve(this.emails, this.emailKey(email), email.address, userId, metadata);
  }

  /** Throws USERNAME_ALREADY_EXISTS when the name (in any case) belongs to another account. */
  reserveUsername(username: Username, userId: string, metadata: EventMetadata): Promise<void> {
    return this.reserve(
      this.usernames,
      this.usernameKey(username),
      username.value,
      userId,
      metadata,
    );
  }

  /** Gives the address up, if `userId` holds it (a deleted account); nothing otherwise. */
  async releaseEmail(
    email: EmailAddress,
    userId: string,
    reason: ReleaseReason,
    metadata: EventMetadata,
  ): Promise<void> {
    const release = { kind: 'release', userId, reason, at: metadata.serverTime } as const;
    await this.emails.decide(this.emailKey(email), release, metadata);
  }

  /** Gives the username up, if `userId` holds it; nothing otherwise. */
  async releaseUsername(
    username: Username,
    userId: string,
    reason: ReleaseReason,
    metadata: EventMetadata,
  ): Promise<void> {
    const release = { kind: 'release', userId, reason, at: metadata.serverTime } as const;
    await this.usernames.decide(this.usernameKey(username), release, metadata);
  }

  /** The user id holding the address, if any (from memory on a cache hit). */
  async holderOfEmail(email: EmailAddress): Promise<string | null> {
    return holder(await this.emails.state(this.emailKey(email)));
  }

  async holderOfUsername(username: Username): Promise<string | null> {
    return holder(await this.usernames.state(this.usernameKey(username)));
  }

  private async reserve<E extends { type: string; data: object }>(
    stream: ReservationStream<E>,
    key: string,
    value: string,
    userId: string,
    metadata: EventMetadata,
  ): Promise<void> {
    await stream.decide(
      key,
      async (state) => ({
        kind: 'reserve',
        userId,
        value,
        holderRegistered:
          state.status === 'reserved' && state.userId !== userId
            ? await this.isRegistered(state.userId)
            : false,
        at: metadata.serverTime,
      }),
      metadata,
    );
  }

  /** Read from the account's stream itself: a cache on this node may not have seen it yet. */
  private async isRegistered(userId: string): Promise<boolean> {
    return (await this.store.readStream(Streams.account(userId), { maxCount: 1 })).length > 0;
  }

  /** The address's keyed hash: what limits count an address by, never the address itself. */
  emailKey(email: EmailAddress): string {
    return this.keys.emailKey(email.normalized);
  }

  private usernameKey(username: Username): string {
    return this.keys.usernameKey(username.normalized);
  }
}

function holder(state: ReservationState): string | null {
  return state.status === 'reserved' ? state.userId : null;
}
