import { sessionLapse, type SessionLifetimes, type SessionState } from '@tangle/domain';

/** How long sessions last, and the grace of a refresh whose answer was lost. */
export interface SessionPolicy extends SessionLifetimes {
  /** How long the refresh token spent last still yields the same successor. */
  refreshGraceMs: number;
}
export const SESSION_POLICY = Symbol('SessionPolicy');

/**
 * What a new session hands its client: a session token (the Osmium protocol and
 * the apps: remembered), or a refresh token with a JWT access token (the gateway
 * API: remembered only when the user asks).
 */
export type SessionGrant = { kind: 'session-token' } | { kind: 'token-pair'; remembered: boolean };
export const SESSION_TOKEN_GRANT: SessionGrant = { kind: 'session-token' };

/** True while the session may be used: active, not past its end, not idle too long. */
export function sessionIsLive(state: SessionState, now: number, policy: SessionPolicy): boolean {
  return state.status === 'active' && sessionLapse(state, now, policy.idleTimeoutMs) === null;
}
