import { Inject, Injectable } from '@nestjs/common';
import {
  Streams,
  type EmailReservationEvent,
  type EventMetadata,
  type UsernameReservationEvent,
} from '@tangle/contracts';
import {
  accountDecider,
  emailReservationDecider,
  fold,
  holdsEmail,
  usernameReservationDecider,
  type EmailAddress,
  type ReleaseReason,
  type ReservationCommand,
  type ReservationState,
  type Username,
} from '@tangle/domain';
import { EVENT_STORE, IDENTIFIER_KEYS, type EventStore, type IdentifierKeys } from '../ports';
import { ACCOUNT_CACHE, type AccountCache } from './account-cache';
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
    @Inject(ACCOUNT_CACHE) private readonly accounts: AccountCache,
  ) {
    this.emails = new DecidedStream(store, 'email', emailReservationDecider, holders);
    this.usernames = new DecidedStream(store, 'username', usernameReservationDecider);
  }

  /**
   * Throws EMAIL_ALREADY_EXISTS when the address belongs to another account. Answers when the
   * reservation was made (or renewed), or now when the account holds the address anyway: an
   * email change records itself only on a fresh claim.
   */
  async reserveEmail(
    email: EmailAddress,
    userId: string,
    metadata: EventMetadata,
  ): Promise<number> {
    const state = await this.reserve(
      this.emails,
      this.emailKey(email),
      email.address,
      userId,
      metadata,
      async (holder, at) => holdsEmail(await this.accountOf(holder), email.normalized, at),
    );
    if (state.status !== 'reserved') return metadata.serverTime;
    // An address the account still holds (a previous one its undo link may restore) cannot be
    // taken over: the claim is as good as new.
    const held = holdsEmail(await this.accountOf(userId), email.normalized, metadata.serverTime);
    return held ? metadata.serverTime : state.reservedAt;
  }

  /** Throws USERNAME_ALREADY_EXISTS when the name (in any case) belongs to another account. */
  async reserveUsername(
    username: Username,
    userId: string,
    metadata: EventMetadata,
  ): Promise<void> {
    await this.reserve(
      this.usernames,
      this.usernameKey(username),
      username.value,
      userId,
      metadata,
      (holder) => this.isRegistered(holder),
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

  /**
   * The user id whose address this is, if any (from memory on a cache hit). A reservation whose
   * account has moved to another address (or was never registered) answers null: an address
   * signs in, resets and verifies only for the account whose address it is.
   */
  async holderOfEmail(email: EmailAddress): Promise<string | null> {
    const userId = holder(await this.emails.state(this.emailKey(email)));
    if (userId === null) return null;
    const account = await this.accounts.get(userId);
    return account.status === 'registered' && account.email?.toLowerCase() === email.normalized
      ? userId
      : null;
  }

  /** Whether another account holds the address (it cannot be taken), as seen from memory. */
  async isEmailHeldByAnother(email: EmailAddress, userId: string, at: number): Promise<boolean> {
    const holderId = holder(await this.emails.state(this.emailKey(email)));
    if (holderId === null || holderId === userId) return false;
    return holdsEmail(await this.accounts.get(holderId), email.normalized, at);
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
    holderHolds: (holder: string, at: number) => Promise<boolean>,
  ): Promise<ReservationState> {
    const decision = await stream.decide(
      key,
      async (state) => ({
        kind: 'reserve',
        userId,
        value,
        holderHolds:
          state.status === 'reserved'
            ? await holderHolds(state.userId, metadata.serverTime)
            : false,
        at: metadata.serverTime,
      }),
      metadata,
    );
    return decision.state;
  }

  /** Read from the account's stream itself: a cache on this node may not have seen it yet. */
  private async isRegistered(userId: string): Promise<boolean> {
    return (await this.store.readStream(Streams.account(userId), { maxCount: 1 })).length > 0;
  }

  /** The account's state from its stream itself, for the same reason. */
  private async accountOf(userId: string) {
    return fold(accountDecider, (await this.store.readStream(Streams.account(userId))) as never);
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
