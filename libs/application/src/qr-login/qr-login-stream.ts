import { Inject, Injectable } from '@nestjs/common';
import type { QrLoginEvent } from '@tangle/contracts';
import { qrLoginDecider, type QrLoginCommand, type QrLoginState } from '@tangle/domain';
import { EVENT_STORE, type EventStore, type IdentifierKeys } from '../ports';
import { DecidedStream } from '../shared/decided-stream';

/** `qr-<ticketId>` streams: one QR login ticket each, read when used (no cache). */
@Injectable()
export class QrLoginStream extends DecidedStream<QrLoginCommand, QrLoginState, QrLoginEvent> {
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(store, 'qr', qrLoginDecider);
  }
}

/**
 * The ticket an auth id names: a keyed hash, so the QR code (which holds the ticket id) does
 * not tell anyone the auth id the new device collects its session with, and the store keeps
 * no auth id either.
 */
export function qrTicketIdOf(keys: IdentifierKeys, authId: string): string {
  return keys.secretHash('qr-ticket', 'auth-id', authId);
}
