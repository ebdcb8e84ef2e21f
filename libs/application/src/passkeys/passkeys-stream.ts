import { Inject, Injectable } from '@nestjs/common';
import type { CredentialReservationEvent, EventMetadata, PasskeyEvent } from '@tangle/contracts';
import {
  credentialReservationDecider,
  passkeysDecider,
  type PasskeysCommand,
  type PasskeysState,
  type ReservationCommand,
  type ReservationState,
} from '@tangle/domain';
import { EVENT_STORE, IDENTIFIER_KEYS, type EventStore, type IdentifierKeys } from '../ports';
import { DecidedStream } from '../shared/decided-stream';

/** `passkeys-<userId>` streams, read when used (no cache: a ceremony reads one small stream). */
@Injectable()
export class PasskeysStream extends DecidedStream<PasskeysCommand, PasskeysState, PasskeyEvent> {
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(store, 'passkeys', passkeysDecider);
  }
}

/**
 * `credential-<key>` streams (key: a keyed hash of the credential id): a credential belongs to
 * one account, and a discoverable credential leads to its account. Taken over only when its
 * reservation is old and the holder's passkeys never recorded it (a crash between the appends).
 */
@Injectable()
export class CredentialReservations {
  private readonly stream: DecidedStream<
    ReservationCommand,
    ReservationState,
    CredentialReservationEvent
  >;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(IDENTIFIER_KEYS) private readonly keys: IdentifierKeys,
    private readonly passkeys: PasskeysStream,
  ) {
    this.stream = new DecidedStream(store, 'credential', credentialReservationDecider);
  }

  async holder(credentialId: string): Promise<string | null> {
    const state = await this.stream.state(this.key(credentialId));
    return state.status === 'reserved' ? state.userId : null;
  }

  async reserve(credentialId: string, userId: string, metadata: EventMetadata): Promise<void> {
    await this.stream.decide(
      this.key(credentialId),
      async (state) => ({
        kind: 'reserve',
        userId,
        value: credentialId,
        holderHolds:
          state.status === 'reserved' && state.userId !== userId
            ? (await this.passkeys.read(state.userId)).state.passkeys.some(
                (p) => p.credentialId === credentialId,
              )
            : false,
        at: metadata.serverTime,
      }),
      metadata,
    );
  }

  async release(credentialId: string, userId: string, metadata: EventMetadata): Promise<void> {
    await this.stream.decide(
      this.key(credentialId),
      { kind: 'release', userId, reason: 'deleted', at: metadata.serverTime },
      metadata,
    );
  }

  private key(credentialId: string): string {
    return this.keys.secretHash('passkey-credential', 'credential-id', credentialId);
  }
}
