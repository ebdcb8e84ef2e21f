import { sessionDecider, type SessionState } from '@tangle/domain';
import type { EventStore } from '../ports';
import { StreamStateCache } from '../shared/stream-state-cache';

/** Session states for Authorize: a hit costs no I/O. */
export class SessionCache extends StreamStateCache<SessionState> {
  constructor(store: EventStore) {
    super(store, 'session', sessionDecider as never);
  }
}

export const SESSION_CACHE = Symbol('SessionCache');
