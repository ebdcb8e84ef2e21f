/** Events of the `session-<sessionId>` stream. */

export type SessionMethod = 'sign-up' | 'password' | 'email-link' | 'registration';

export interface DeviceInfo {
  clientId: number;
  deviceType: string;
  deviceVersion: string;
  appName: string;
  appVersion: string;
}

export interface GeoInfo {
  country: string | null;
  region: string | null;
}

export const SessionStarted = 'session.started.v1';
export interface SessionStartedData extends DeviceInfo, GeoInfo {
  sessionId: string;
  userId: string;
  /** SHA-256 (hex) of the token's 256-bit secret; the secret itself is never stored. */
  tokenHash: string;
  method: SessionMethod;
  startedAt: number;
}

export const SessionSeen = 'session.seen.v1';
export interface SessionSeenData {
  sessionId: string;
  userId: string;
  at: number;
}

export const SessionRevoked = 'session.revoked.v1';
export type SessionRevocationReason = 'revoked-by-user' | 'password-reset' | 'account-deleted';
export interface SessionRevokedData {
  sessionId: string;
  userId: string;
  revokedBy: string;
  revokedBySession: string | null;
  reason: SessionRevocationReason;
  at: number;
}

export type SessionEvent =
  | { type: typeof SessionStarted; data: SessionStartedData }
  | { type: typeof SessionSeen; data: SessionSeenData }
  | { type: typeof SessionRevoked; data: SessionRevokedData };
