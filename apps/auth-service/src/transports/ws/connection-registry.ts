import { Inject, Injectable } from '@nestjs/common';
import { SESSION_CACHE, type SessionCache } from '@tangle/application';
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

  constructor(@Inject(SESSION_CACHE) sessions: SessionCache) {
    sessions.onEvent((sessionId, event) => {
      if (event.type === SessionRevoked)
        this.sessionRevoked((event.data as SessionRevokedData).sessionId ?? sessionId);
    });
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

  private sessionRevoked(sessionId: string): void {
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
