import { Inject, Injectable } from '@nestjs/common';
import type { SessionEvent } from '@tangle/contracts';
import { sessionDecider, type SessionCommand, type SessionState } from '@tangle/domain';
import { EVENT_STORE, type EventStore } from '../ports';
import { DecidedStream } from '../shared/decided-stream';
import { SESSION_CACHE, type SessionCache } from './session-cache';

/** `session-<sessionId>` streams, decided on the cached state. */
@Injectable()
export class SessionStream extends DecidedStream<SessionCommand, SessionState, SessionEvent> {
  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(SESSION_CACHE) cache: SessionCache) {
    super(store, 'session', sessionDecider, cache);
  }
}
