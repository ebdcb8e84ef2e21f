/**
 * The sessions of an account that may still be in use: session id → absolute end (unix ms), or
 * null for a session linked before links carried their end (it counts until it is unlinked).
 * A revoked session leaves on its `account.session-unlinked`, an expired one once its end has
 * passed: the map holds what a password reset must revoke, never the account's whole history.
 */
export type ActiveSessions = Readonly<Record<string, number | null>>;

export const NO_ACTIVE_SESSIONS: ActiveSessions = {};

/** Whether the session `expiresAt` still lasts at `at`: its end is exclusive, as for the session. */
function lastsAt(expiresAt: number | null, at: number): boolean {
  return expiresAt === null || at < expiresAt;
}

/** The sessions that still last at `at`; the same object when none has ended. */
export function withoutExpired(active: ActiveSessions, at: number): ActiveSessions {
  const entries = Object.entries(active);
  const kept = entries.filter(([, expiresAt]) => lastsAt(expiresAt, at));
  return kept.length === entries.length ? active : Object.fromEntries(kept);
}

/** `sessionId` linked at `at`, the sessions ended by then dropped. */
export function sessionLinked(
  active: ActiveSessions,
  sessionId: string,
  at: number,
  expiresAt: number | null,
): ActiveSessions {
  return { ...withoutExpired(active, at), [sessionId]: expiresAt };
}

/** `sessionId` ended at `at`, the sessions ended by then dropped. */
export function sessionUnlinked(
  active: ActiveSessions,
  sessionId: string,
  at: number,
): ActiveSessions {
  const rest = { ...withoutExpired(active, at) };
  delete rest[sessionId];
  return rest;
}

/** Whether `sessionId` is linked and still lasts at `at`. */
export function isActiveSession(active: ActiveSessions, sessionId: string, at: number): boolean {
  return Object.hasOwn(active, sessionId) && lastsAt(active[sessionId], at);
}

/** The ids of the sessions that still last at `at`, oldest link first. */
export function activeSessionIds(active: ActiveSessions, at: number): string[] {
  return Object.keys(withoutExpired(active, at));
}
