import { emailReservationDecider, type ReservationState } from '@tangle/domain';
import type { EventStore } from '../ports';
import { StreamStateCache } from '../shared/stream-state-cache';

/** Who holds each address: sign-in's first read, answered from memory on a hit. */
export class EmailReservationCache extends StreamStateCache<ReservationState> {
  constructor(store: EventStore, maxEntries?: number) {
    super(store, 'email', emailReservationDecider as never, { maxEntries });
  }
}

export const EMAIL_RESERVATION_CACHE = Symbol('EmailReservationCache');
