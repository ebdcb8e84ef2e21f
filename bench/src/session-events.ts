import { randomBytes, randomUUID } from 'node:crypto';
import type { EventToAppend } from '@tangle/application';
import {
  SessionRevoked,
  SessionSeen,
  SessionStarted,
  Streams,
  type EventMetadata,
  type SessionRevokedData,
  type SessionSeenData,
  type SessionStartedData,
} from '@tangle/contracts';

const DEVICES = [
  { deviceType: 'desktop', deviceVersion: 'Linux 6.8', clientId: 1 },
  { deviceType: 'ios', deviceVersion: 'iOS 18.2', clientId: 2 },
  { deviceType: 'android', deviceVersion: 'Android 15', clientId: 3 },
  { deviceType: 'web', deviceVersion: 'Firefox 133', clientId: 4 },
] as const;
const PLACES = [
  { country: 'DE', region: 'BE' },
  { country: 'US', region: 'CA' },
  { country: null, region: null },
] as const;

/**
 * Session events as the service writes them: snowflake-like ids, a token hash, device, app and
 * geo fields, and full metadata. Each event gets a fresh UUID.
 */
export class SessionEventFactory {
  private last = 0n;
  private readonly epoch = BigInt(Date.UTC(2026, 0, 1));

  /** A unique decimal id shaped like a snowflake (milliseconds shifted left by 22 bits). */
  nextId(at: number = Date.now()): string {
    const candidate = (BigInt(at) - this.epoch + 1n) << 22n;
    this.last = candidate > this.last ? candidate : this.last + 1n;
    return this.last.toString();
  }

  started(sessionId: string, userId: string, at: number): EventToAppend {
    const pick = Number(BigInt(sessionId) % 12n);
    const data: SessionStartedData = {
      sessionId,
      userId,
      tokenHash: randomBytes(32).toString('hex'),
      method: 'password',
      startedAt: at,
      ...DEVICES[pick % DEVICES.length],
      appName: 'Tangle',
      appVersion: '2.4.1',
      ...PLACES[pick % PLACES.length],
    };
    return this.event(SessionStarted, data, userId, sessionId, at);
  }

  seen(sessionId: string, userId: string, at: number): EventToAppend {
    const data: SessionSeenData = { sessionId, userId, at };
    return this.event(SessionSeen, data, userId, sessionId, at);
  }

  revoked(sessionId: string, userId: string, at: number): EventToAppend {
    const data: SessionRevokedData = {
      sessionId,
      userId,
      revokedBy: userId,
      revokedBySession: sessionId,
      reason: 'revoked-by-user',
      at,
    };
    return this.event(SessionRevoked, data, userId, sessionId, at);
  }

  private event(
    type: string,
    data: object,
    actorUserId: string,
    actorSessionId: string,
    at: number,
  ): EventToAppend {
    const metadata: EventMetadata = {
      correlationId: randomUUID(),
      causationId: randomUUID(),
      schemaVersion: 1,
      actorUserId,
      actorSessionId,
      serverTime: at,
    };
    return { eventId: randomUUID(), type, data, metadata };
  }
}

export const sessionStream = Streams.session;
