import type { GlobalPosition, RecordedEvent } from '@tangle/application';
import {
  AccountDeleted,
  AccountDeletionCancelled,
  AccountDeletionRequested,
  AccountRegistered,
  EmailReserved,
  EmailVerified,
  PasswordChanged,
  SessionRevoked,
  SessionSeen,
  SessionStarted,
  Streams,
  type AccountRegisteredData,
  type EmailReservedData,
  type EventMetadata,
  type EmailVerifiedData,
  type PasswordChangedData,
  type SessionRevokedData,
  type SessionSeenData,
  type SessionStartedData,
} from '@tangle/contracts';

/** A secret-looking value the fixtures put in events; it must never show up in a read model. */
export const FIXTURE_PASSWORD_HASH = '$argon2id$v=19$m=65536,t=3,p=4$fixture-salt$fixture-hash';
export const FIXTURE_TOKEN_HASH = 'f1x7ure70ken0hash'.padEnd(64, '0');

export const T0 = Date.UTC(2026, 0, 1);

export function fixtureMetadata(): EventMetadata {
  return {
    correlationId: 'corr-1',
    causationId: 'cause-1',
    schemaVersion: 1,
    actorUserId: null,
    actorSessionId: null,
    serverTime: T0,
  };
}

export interface FixtureEvent<D = unknown> {
  streamId: string;
  type: string;
  data: D;
}

export function sessionStarted(
  sessionId: string,
  userId: string,
  overrides: Partial<SessionStartedData> = {},
): FixtureEvent<SessionStartedData> {
  return {
    streamId: Streams.session(sessionId),
    type: SessionStarted,
    data: {
      sessionId,
      userId,
      tokenHash: FIXTURE_TOKEN_HASH,
      method: 'password',
      startedAt: T0,
      clientId: 7,
      deviceType: 'desktop',
      deviceVersion: 'Linux 6',
      appName: 'osmium',
      appVersion: '1.2.3',
      country: 'DE',
      region: 'BE',
      ...overrides,
    },
  };
}

export function sessionSeen(
  sessionId: string,
  userId: string,
  at: number,
): FixtureEvent<SessionSeenData> {
  return {
    streamId: Streams.session(sessionId),
    type: SessionSeen,
    data: { sessionId, userId, at },
  };
}

export function sessionRevoked(
  sessionId: string,
  userId: string,
  at: number,
): FixtureEvent<SessionRevokedData> {
  return {
    streamId: Streams.session(sessionId),
    type: SessionRevoked,
    data: {
      sessionId,
      userId,
      revokedBy: userId,
      revokedBySession: null,
      reason: 'revoked-by-user',
      at,
    },
  };
}

export function accountRegistered(
  userId: string,
  overrides: Partial<AccountRegisteredData> = {},
): FixtureEvent<AccountRegisteredData> {
  return {
    streamId: Streams.account(userId),
    type: AccountRegistered,
    data: {
      userId,
      name: `user ${userId}`,
      email: `${userId}@example.org`,
      passwordHash: FIXTURE_PASSWORD_HASH,
      registeredAt: T0,
      ...overrides,
    },
  };
}

export function passwordChanged(
  userId: string,
  changedAt: number,
): FixtureEvent<PasswordChangedData> {
  return {
    streamId: Streams.account(userId),
    type: PasswordChanged,
    data: { userId, passwordHash: FIXTURE_PASSWORD_HASH, reason: 'change', changedAt },
  };
}

export function emailVerified(
  userId: string,
  email: string,
  at: number,
): FixtureEvent<EmailVerifiedData> {
  return { streamId: Streams.account(userId), type: EmailVerified, data: { userId, email, at } };
}

export function emailReserved(userId: string, email: string): FixtureEvent<EmailReservedData> {
  return {
    streamId: Streams.email(`key-${userId}`),
    type: EmailReserved,
    data: { userId, email, reservedAt: T0 },
  };
}

export function accountDeleted(
  userId: string,
  at: number,
): FixtureEvent<{ userId: string; at: number }> {
  return { streamId: Streams.account(userId), type: AccountDeleted, data: { userId, at } };
}

export function deletionRequested(
  userId: string,
  at: number,
  dueAt: number,
): FixtureEvent<{ userId: string; requestedAt: number; dueAt: number }> {
  return {
    streamId: Streams.account(userId),
    type: AccountDeletionRequested,
    data: { userId, requestedAt: at, dueAt },
  };
}

export function deletionCancelled(
  userId: string,
  at: number,
): FixtureEvent<{ userId: string; reason: 'cancelled'; at: number }> {
  return {
    streamId: Streams.account(userId),
    type: AccountDeletionCancelled,
    data: { userId, reason: 'cancelled', at },
  };
}

/** A session revoked because its account was deleted. */
export function sessionRevokedByDeletion(
  sessionId: string,
  userId: string,
  at: number,
): FixtureEvent<SessionRevokedData> {
  const revoked = sessionRevoked(sessionId, userId, at);
  return { ...revoked, data: { ...revoked.data, reason: 'account-deleted' } };
}

/** An event type no read model knows yet (a later version of the service may add it). */
export function unknownEvent(userId: string): FixtureEvent<{ userId: string }> {
  return { streamId: Streams.account(userId), type: 'account.future-thing.v1', data: { userId } };
}

/**
 * Turns fixture events into RecordedEvents with increasing global positions and per-stream
 * revisions, as an event store would record them.
 */
export class EventLog {
  private nextPosition: bigint;
  private readonly revisions = new Map<string, bigint>();
  private counter = 0;

  /** `first`: the commit (and prepare) position of the first event. */
  constructor(first: bigint = 1n) {
    this.nextPosition = first;
  }

  record<D>(fixture: FixtureEvent<D>, position?: GlobalPosition): RecordedEvent<D> {
    const at = position ?? { commit: this.nextPosition, prepare: this.nextPosition };
    this.nextPosition = at.commit + 1n;
    const revision = (this.revisions.get(fixture.streamId) ?? -1n) + 1n;
    this.revisions.set(fixture.streamId, revision);
    this.counter += 1;
    return {
      streamId: fixture.streamId,
      revision,
      position: at,
      eventId: `00000000-0000-4000-8000-${this.counter.toString().padStart(12, '0')}`,
      type: fixture.type,
      data: fixture.data,
      metadata: fixtureMetadata(),
      createdAt: T0,
    };
  }

  recordAll(fixtures: readonly FixtureEvent[]): RecordedEvent[] {
    return fixtures.map((fixture) => this.record(fixture));
  }
}
