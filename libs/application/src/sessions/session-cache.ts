import { sessionDecider, type SessionState } from '@tangle/domain';
import type { EventStore } from '../ports';
import { StreamStateCache } from '../shared/stream-state-cache';

/**
 * Session states for Authorize: a hit costs no I/O. A revoked session leaves the live entries
 * for the tombstones, so replaying its token neither reads its stream again nor holds memory
 * meant for live sessions.
 */
export class SessionCache extends StreamStateCache<SessionState> {
  constructor(store: EventStore, maxEntries?: number) {
    super(store, 'session', sessionDecider as never, {
      maxEntries,
      isFinal: (state) => state.status === 'revoked',
    });
  }
}

export const SESSION_CACHE = Symbol('SessionCache');
