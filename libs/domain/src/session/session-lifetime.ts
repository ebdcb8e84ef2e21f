/**
 * When a session ends without being revoked: at its absolute end (fixed when it
 * starts: longer for "remember me" and app sign-ins), or after being idle
 * (no authorize, refresh or request) for longer than the idle timeout.
 */
export interface SessionLifetimes {
  /** A session unused for this long has ended. */
  idleTimeoutMs: number;
  /** Absolute lifetime of a browser session that did not ask to be remembered. */
  lifetimeMs: number;
  /** Absolute lifetime of a remembered session (rememberMe, and the apps' own sign-ins). */
  rememberedLifetimeMs: number;
}

export interface SessionTimes {
  startedAt: number;
  lastSeenAt: number;
  /** null on sessions started before lifetimes existed: they end by idleness only. */
  expiresAt: number | null;
}

export type SessionLapse = 'expired' | 'idle';

/** Why the session has ended at `now`, or null while it lasts. */
export function sessionLapse(
  session: SessionTimes,
  now: number,
  idleTimeoutMs: number,
): SessionLapse | null {
  if (session.expiresAt !== null && now >= session.expiresAt) return 'expired';
  if (now - session.lastSeenAt >= idleTimeoutMs) return 'idle';
  return null;
}

/** The absolute end of a session starting at `at`. */
export function sessionExpiresAt(
  lifetimes: SessionLifetimes,
  at: number,
  remembered: boolean,
): number {
  return at + (remembered ? lifetimes.rememberedLifetimeMs : lifetimes.lifetimeMs);
}
