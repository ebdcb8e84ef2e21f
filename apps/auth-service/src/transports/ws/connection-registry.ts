import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  SESSION_CACHE,
  SESSION_POLICY,
  sessionIsLive,
  type Clock,
  type SessionCache,
  type SessionPolicy,
} from '@tangle/application';
import { SessionRevoked, type SessionRevokedData } from '@tangle/contracts';
import { encodeUpdate, longFromDecimal } from '@tangle/protocol';
import type { OsmiumConnection } from './osmium-connection';

/**
 * Open connections by session. When a session is revoked (by this node or any
 * other: the event arrives through the $all subscription), every connection of
 * that session gets `Update { session_deleted }` and stops being signed in.
 */
@Injectable()
export class ConnectionRegistry {
  private readonly bySession = new Map<string, Set<OsmiumConnection>>();

  constructor(
    @Inject(SESSION_CACHE) private readonly sessions: SessionCache,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SESSION_POLICY) private readonly policy: SessionPolicy,
  ) {
    sessions.onEvent((sessionId, event) => {
      if (event.type === SessionRevoked)
        this.sessionEnded((event.data as SessionRevokedData).sessionId ?? sessionId);
    });
  }

  /**
   * A session that reached its end or its idle timeout while its connection was
   * open ends there as a revoked one does: `session_deleted`, and signed out.
   * Checked against the cached state on each request, with no I/O.
   */
  checkLive(connection: OsmiumConnection): void {
    const sessionId = connection.signedIn?.sessionId;
    if (!sessionId) return;
    const state = this.sessions.peek(sessionId);
    if (state && !sessionIsLive(state, this.clock.now(), this.policy)) this.sessionEnded(sessionId);
  }

  signIn(connection: OsmiumConnection, userId: string, sessionId: string): void {
    if (connection.signedIn?.sessionId === sessionId) return; // re-authorizing the same session
    this.forget(connection);
    connection.signedIn = { userId, sessionId };
    let connections = this.bySession.get(sessionId);
    if (!connections) this.bySession.set(sessionId, (connections = new Set()));
    connections.add(connection);
  }

  forget(connection: OsmiumConnection): void {
    const sessionId = connection.signedIn?.sessionId;
    if (!sessionId) return;
    const connections = this.bySession.get(sessionId);
    connections?.delete(connection);
    if (connections?.size === 0) this.bySession.delete(sessionId);
  }

  get connectionCount(): number {
    let count = 0;
    for (const set of this.bySession.values()) count += set.size;
    return count;
  }

  private sessionEnded(sessionId: string): void {
    const connections = this.bySession.get(sessionId);
    if (!connections) return;
    this.bySession.delete(sessionId);
    const frame = encodeUpdate({ sessionDeleted: { sessionId: longFromDecimal(sessionId) } });
    for (const connection of connections) {
      connection.signedIn = null;
      if (connection.socket.readyState === connection.socket.OPEN) connection.socket.send(frame);
    }
  }
}
