import { randomUUID } from 'node:crypto';
import type { EventToAppend, RecordedEvent } from '@tangle/application';
import {
  AccountDeleted,
  AccountDeletionRequested,
  AccountRegistered,
  EmailReserved,
  EmailVerificationFailed,
  EmailVerificationRequested,
  EmailVerified,
  LoginCompleted,
  LoginLinkRequested,
  PasswordChanged,
  PasswordResetRequested,
  SessionRevoked,
  SessionSeen,
  SessionStarted,
  UsernameReserved,
  type AccountRegisteredData,
  type EmailVerificationRequestedData,
  type LoginLinkRequestedData,
  type PasswordChangedData,
  type SessionStartedData,
} from '@tangle/contracts';

/** Domain events for the messaging tests. Ids are snowflake-like decimal strings. */

export const T0 = Date.UTC(2026, 0, 1);
export const PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo';
export const TOKEN_HASH = 'a'.repeat(64);
/** What a code looks like in plain text: it must never be published. */
export const PLAIN_CODE = '731904';
export const SEALED_CODE = 'v1.sealed.Q0lQSEVSVEVYVF9PRl9DT0RF';
export const CODE_HASH = 'b'.repeat(64);
export const PLAIN_LINK_TOKEN = 'plain-link-token-Zm9vYmFy';
export const SEALED_LINK_TOKEN = 'v1.sealed.TElOS19UT0tFTl9TRUFMRUQ';

export interface StreamEvent {
  readonly streamId: string;
  readonly event: EventToAppend;
}

let sequence = 0;
function metadata(userId: string, at: number) {
  sequence += 1;
  return {
    correlationId: `corr-${sequence}`,
    causationId: `cause-${sequence}`,
    schemaVersion: 1,
    actorUserId: userId,
    actorSessionId: null,
    serverTime: at,
  };
}

function make(
  streamId: string,
  type: string,
  data: object,
  userId: string,
  at: number,
): StreamEvent {
  return { streamId, event: { eventId: randomUUID(), type, data, metadata: metadata(userId, at) } };
}

export function accountRegistered(
  userId: string,
  overrides: Partial<AccountRegisteredData> = {},
): StreamEvent {
  const data: AccountRegisteredData = {
    userId,
    name: `User ${userId}`,
    email: `u${userId}@example.org`,
    passwordHash: PASSWORD_HASH,
    registeredAt: T0,
    ...overrides,
  };
  return make(`account-${userId}`, AccountRegistered, data, userId, T0);
}

export function emailVerificationRequested(
  userId: string,
  overrides: Partial<EmailVerificationRequestedData> = {},
): StreamEvent {
  const data: EmailVerificationRequestedData = {
    userId,
    email: `u${userId}@example.org`,
    codeHash: CODE_HASH,
    sealedCode: SEALED_CODE,
    expiresAt: T0 + 900_000,
    requestedAt: T0 + 10,
    locale: 'de',
    ...overrides,
  };
  return make(`account-${userId}`, EmailVerificationRequested, data, userId, T0 + 10);
}

export function emailVerificationFailed(userId: string): StreamEvent {
  return make(
    `account-${userId}`,
    EmailVerificationFailed,
    { userId, at: T0 + 15 },
    userId,
    T0 + 15,
  );
}

export function emailVerified(userId: string, email = `u${userId}@example.org`): StreamEvent {
  return make(`account-${userId}`, EmailVerified, { userId, email, at: T0 + 20 }, userId, T0 + 20);
}

export function passwordResetRequested(userId: string, locale = 'fr'): StreamEvent {
  const data: EmailVerificationRequestedData = {
    userId,
    email: `u${userId}@example.org`,
    codeHash: CODE_HASH,
    sealedCode: SEALED_CODE,
    expiresAt: T0 + 900_000,
    requestedAt: T0 + 30,
    locale,
  };
  return make(`account-${userId}`, PasswordResetRequested, data, userId, T0 + 30);
}

export function passwordChanged(
  userId: string,
  reason: PasswordChangedData['reason'],
): StreamEvent {
  const data: PasswordChangedData = {
    userId,
    passwordHash: PASSWORD_HASH,
    reason,
    changedAt: T0 + 40,
  };
  return make(`account-${userId}`, PasswordChanged, data, userId, T0 + 40);
}

export function sessionStarted(
  sessionId: string,
  userId: string,
  overrides: Partial<SessionStartedData> = {},
): StreamEvent {
  const data: SessionStartedData = {
    sessionId,
    userId,
    tokenHash: TOKEN_HASH,
    clientId: 7,
    deviceType: 'android',
    deviceVersion: '15',
    appName: 'Tangle',
    appVersion: '1.2.3',
    country: 'DE',
    region: 'DE-BE',
    method: 'password',
    startedAt: T0 + 50,
    ...overrides,
  };
  return make(`session-${sessionId}`, SessionStarted, data, userId, T0 + 50);
}

export function sessionSeen(sessionId: string, userId: string): StreamEvent {
  return make(
    `session-${sessionId}`,
    SessionSeen,
    { sessionId, userId, at: T0 + 60 },
    userId,
    T0 + 60,
  );
}

export function sessionRevoked(sessionId: string, userId: string): StreamEvent {
  const data = {
    sessionId,
    userId,
    revokedBy: userId,
    revokedBySession: null,
    reason: 'revoked-by-user',
    at: T0 + 70,
  };
  return make(`session-${sessionId}`, SessionRevoked, data, userId, T0 + 70);
}

export function emailReserved(userId: string): StreamEvent {
  const data = { userId, email: `u${userId}@example.org`, reservedAt: T0 };
  return make(`email-key${userId}`, EmailReserved, data, userId, T0);
}

export function usernameReserved(userId: string): StreamEvent {
  const data = { userId, username: `user${userId}`, reservedAt: T0 };
  return make(`username-key${userId}`, UsernameReserved, data, userId, T0);
}

export function loginLinkRequested(authId: string, userId: string): StreamEvent {
  const data: LoginLinkRequestedData = {
    authId,
    userId,
    email: `u${userId}@example.org`,
    linkTokenHash: CODE_HASH,
    sealedLinkToken: SEALED_LINK_TOKEN,
    device: {
      clientId: 3,
      deviceType: 'ios',
      deviceVersion: '18.1',
      appName: 'Tangle',
      appVersion: '2.0.0',
    },
    expiresAt: T0 + 600_000,
    requestedAt: T0 + 80,
    locale: 'es',
    matchCode: 'K7M-42P',
    requester: { description: 'Safari on iPhone', country: 'ES', region: null },
  };
  return make(`login-${authId}`, LoginLinkRequested, data, userId, T0 + 80);
}

export function loginCompleted(authId: string, userId: string, sessionId: string): StreamEvent {
  const data = { authId, userId, sessionId, at: T0 + 90 };
  return make(`login-${authId}`, LoginCompleted, data, userId, T0 + 90);
}

/** A recorded event for the pure mapping tests, as if read from the store. */
export function recorded(source: StreamEvent, position = 1n, revision = 0n): RecordedEvent {
  return {
    streamId: source.streamId,
    revision,
    position: { commit: position, prepare: position },
    eventId: source.event.eventId,
    type: source.event.type,
    data: JSON.parse(JSON.stringify(source.event.data)),
    metadata: source.event.metadata,
    createdAt: source.event.metadata.serverTime,
  };
}

export function accountDeletionRequested(userId: string, dueAt = T0 + 7 * 86_400_000): StreamEvent {
  return make(
    `account-${userId}`,
    AccountDeletionRequested,
    { userId, requestedAt: T0, dueAt },
    userId,
    T0,
  );
}

export function accountDeleted(userId: string, at = T0 + 7 * 86_400_000): StreamEvent {
  return make(`account-${userId}`, AccountDeleted, { userId, at }, userId, at);
}
