/** Events of the `session-<sessionId>` stream. */

export type SessionMethod =
  | 'sign-up'
  | 'password'
  | 'email-link'
  | 'registration'
  | 'oauth'
  /** A signed-in session approved a QR login ticket (`approvedBySession` names it). */
  | 'qr'
  /** A passkey with user verification. */
  | 'passkey';

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
  /**
   * SHA-256 (hex) of the session token's 256-bit secret; the secret itself is never
   * stored. Empty for a session reached only by refresh tokens (the gateway API).
   */
  tokenHash: string;
  method: SessionMethod;
  startedAt: number;
  /** Absolute end of the session (epoch ms); absent on sessions started before lifetimes. */
  expiresAt?: number;
  /** SHA-256 (hex) of the first refresh token's secret, for a session of the gateway API. */
  refreshTokenHash?: string;
  /** The session that approved this one's QR login (method `qr`). */
  approvedBySession?: string;
}

/**
 * A refresh token was spent and its successor issued. The successor is sealed
 * with a key derived from the spent token (which only its holder has), so a
 * client that lost the answer gets the same successor again within the grace.
 */
export const SessionRefreshed = 'session.refreshed.v1';
export interface SessionRefreshedData {
  sessionId: string;
  userId: string;
  /** The successor's generation: 1 for the first refresh. */
  generation: number;
  /** SHA-256 (hex) of the successor's secret. */
  refreshTokenHash: string;
  /** The successor, AES-256-GCM under a key derived from the spent token (base64url). */
  sealedSuccessor: string;
  at: number;
}

export const SessionSeen = 'session.seen.v1';
export interface SessionSeenData {
  sessionId: string;
  userId: string;
  at: number;
}

export const SessionRevoked = 'session.revoked.v1';
export type SessionRevocationReason =
  | 'revoked-by-user'
  | 'password-reset'
  | 'account-deleted'
  /** A spent refresh token was presented again: the family is taken to be stolen. */
  | 'refresh-token-reused';
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
  | { type: typeof SessionRefreshed; data: SessionRefreshedData }
  | { type: typeof SessionRevoked; data: SessionRevokedData };
