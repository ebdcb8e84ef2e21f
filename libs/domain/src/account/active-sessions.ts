/**
 * The sessions of an account that may still be in use: session id → absolute end (unix ms), or
 * null for a session linked before links carried their end (it counts until it is unlinked),
 * oldest link first. A revoked session leaves on its `account.session-unlinked`, an expired one
 * once its end has passed: this holds what a password reset must revoke, never the account's
 * whole history.
 */
export interface ActiveSessions {
  readonly ends: ReadonlyMap<string, number | null>;
  /**
   * No session in `ends` ends before this (Infinity when none has an end): folding an event
   * before it drops nothing, so most events do not look at the other sessions at all.
   */
  readonly nextEnd: number;
}

export const NO_ACTIVE_SESSIONS: ActiveSessions = { ends: new Map(), nextEnd: Infinity };

/** Whether a session ending at `expiresAt` still lasts at `at`: its end is exclusive. */
function lastsAt(expiresAt: number | null, at: number): boolean {
  return expiresAt === null || at < expiresAt;
}

/** The sessions that still last at `at`; the same value when none has ended. */
export function withoutExpired(active: ActiveSessions, at: number): ActiveSessions {
  if (at < active.nextEnd) return active;
  const ends = new Map<string, number | null>();
  let nextEnd = Infinity;
  for (const [sessionId, expiresAt] of active.ends) {
    if (!lastsAt(expiresAt, at)) continue;
    ends.set(sessionId, expiresAt);
    if (expiresAt !== null && expiresAt < nextEnd) nextEnd = expiresAt;
  }
  return { ends, nextEnd };
}

/** `sessionId` linked at `at`, the sessions ended by then dropped. */
export function sessionLinked(
  active: ActiveSessions,
  sessionId: string,
  at: number,
  expiresAt: number | null,
): ActiveSessions {
  const kept = withoutExpired(active, at);
  const ends = new Map(kept.ends).set(sessionId, expiresAt);
  return { ends, nextEnd: Math.min(kept.nextEnd, expiresAt ?? Infinity) };
}

/** `sessionId` ended at `at`, the sessions ended by then dropped. */
export function sessionUnlinked(
  active: ActiveSessions,
  sessionId: string,
  at: number,
): ActiveSessions {
  const kept = withoutExpired(active, at);
  if (!kept.ends.has(sessionId)) return kept;
  const ends = new Map(kept.ends);
  ends.delete(sessionId);
  // `nextEnd` may now be early: that costs one look at the others, not a wrong answer.
  return { ends, nextEnd: kept.nextEnd };
}

/** Whether `sessionId` is linked, past its end or not. */
export function isLinked(active: ActiveSessions, sessionId: string): boolean {
  return active.ends.has(sessionId);
}

/** Whether `sessionId` is linked and still lasts at `at`. */
export function isActiveSession(active: ActiveSessions, sessionId: string, at: number): boolean {
  const expiresAt = active.ends.get(sessionId);
  return expiresAt !== undefined && lastsAt(expiresAt, at);
}

/** The ids of the sessions that still last at `at`, oldest link first. */
export function activeSessionIds(active: ActiveSessions, at: number): string[] {
  return [...withoutExpired(active, at).ends.keys()];
}
