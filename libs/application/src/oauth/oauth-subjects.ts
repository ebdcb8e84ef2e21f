import { Inject, Injectable } from '@nestjs/common';
import type { EventMetadata, OAuthProvider, OAuthSubjectEvent } from '@tangle/contracts';
import {
  ABANDONED_RESERVATION_AFTER_MS,
  hasOAuthLink,
  oauthSubjectReservationDecider,
  oauthSubjectValue,
  type OAuthSubjectReleaseReason,
  type ReservationCommand,
  type ReservationState,
} from '@tangle/domain';
import { EVENT_STORE, IDENTIFIER_KEYS, type EventStore, type IdentifierKeys } from '../ports';
import { DecidedStream } from '../shared/decided-stream';
import { AccountStream } from '../accounts/account-stream';

export type SubjectLookup =
  { status: 'linked'; userId: string } | { status: 'pending' } | { status: 'free' };

/**
 * Provider subjects, each unique through an `oauth-<key>` stream (the key an HMAC of provider
 * and subject, as emails are keyed). A subject whose holder's account does not have the link
 * (a crash between the reservation and the link, or an unlink whose release was lost) may be
 * taken over once the reservation is older than a minute; a linked one never.
 */
@Injectable()
export class OAuthSubjects {
  private readonly stream: DecidedStream<
    ReservationCommand<OAuthSubjectReleaseReason>,
    ReservationState,
    OAuthSubjectEvent
  >;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(IDENTIFIER_KEYS) private readonly keys: IdentifierKeys,
    private readonly accounts: AccountStream,
  ) {
    this.stream = new DecidedStream(store, 'oauth', oauthSubjectReservationDecider);
  }

  /** The account the subject is linked to: held by it and linked on its stream; else null. */
  async linkedAccount(provider: OAuthProvider, subject: string): Promise<string | null> {
    const found = await this.lookup(provider, subject, 0);
    return found.status === 'linked' ? found.userId : null;
  }

  /**
   * Linked to an account; `pending`: reserved less than a minute before `now` and not linked
   * (a first sign-in in progress); `free`: never reserved, released, or abandoned.
   */
  async lookup(provider: OAuthProvider, subject: string, now: number): Promise<SubjectLookup> {
    const state = await this.stream.state(this.key(provider, subject));
    if (state.status !== 'reserved') return { status: 'free' };
    // The account cache (no I/O on a hit): a sign-in reads no stream of the account.
    const account = await this.accounts.state(state.userId);
    if (account.status === 'registered' && hasOAuthLink(account, provider, subject)) {
      return { status: 'linked', userId: state.userId };
    }
    return now - state.reservedAt < ABANDONED_RESERVATION_AFTER_MS
      ? { status: 'pending' }
      : { status: 'free' };
  }

  /** Throws OAUTH_ALREADY_LINKED when another account holds the subject. */
  async reserve(
    provider: OAuthProvider,
    subject: string,
    userId: string,
    metadata: EventMetadata,
  ): Promise<void> {
    await this.stream.decide(
      this.key(provider, subject),
      async (state) => ({
        kind: 'reserve',
        userId,
        value: oauthSubjectValue(provider, subject),
        holderHolds:
          state.status === 'reserved' && state.userId !== userId
            ? await this.isLinked(state.userId, provider, subject)
            : false,
        at: metadata.serverTime,
      }),
      metadata,
    );
  }

  async release(
    provider: OAuthProvider,
    subject: string,
    userId: string,
    reason: OAuthSubjectReleaseReason,
    metadata: EventMetadata,
  ): Promise<void> {
    await this.stream.decide(
      this.key(provider, subject),
      { kind: 'release', userId, reason, at: metadata.serverTime },
      metadata,
    );
  }

  /** Read from the account's stream itself: a cache on this node may not have seen the link. */
  private async isLinked(userId: string, provider: OAuthProvider, subject: string) {
    const { state } = await this.accounts.read(userId);
    return state.status === 'registered' && hasOAuthLink(state, provider, subject);
  }

  private key(provider: OAuthProvider, subject: string): string {
    return this.keys.secretHash('oauth-subject', provider, subject);
  }
}
