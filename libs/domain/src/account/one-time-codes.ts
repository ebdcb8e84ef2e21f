/**
 * One-time codes mailed to prove control of an address (email verification,
 * password reset). Codes come from a CSPRNG outside the domain; the domain keeps
 * only their keyed hashes and these rules.
 */
export const CODE_DIGITS = 6;
/** A code dies this long after it was issued. */
export const CODE_TTL_MS = 15 * 60_000;
/** Wrong guesses a code survives; the next wrong guess kills it. */
export const CODE_MAX_FAILURES = 5;
/** A new code for the same purpose no sooner than this after the first one of a day. */
export const CODE_COOLDOWN_MS = 60_000;
/**
 * The wait doubles with each code of the last 24 hours, up to this. There is no
 * daily cap: a cap that strangers can use up would lock the owner out of
 * recovery, while a bounded wait always lets the owner's next request through
 * and still bounds the mail a stranger can send to about 30 a day.
 */
export const CODE_MAX_COOLDOWN_MS = 60 * 60_000;
const DAY_MS = 86_400_000;

export interface PendingCode {
  codeHash: string;
  expiresAt: number;
  failures: number;
}

export interface CodeHistory {
  pending: PendingCode | null;
  /** Issue times within the last day, oldest first. */
  issuedAt: number[];
}

export const NO_CODES: CodeHistory = { pending: null, issuedAt: [] };

export type CodeCheck = 'valid' | 'wrong' | 'unusable';

/** Whether a submitted code (as its hash) matches the pending one at time `at`. */
export function checkCode(history: CodeHistory, codeHash: string, at: number): CodeCheck {
  const pending = history.pending;
  if (!pending || at >= pending.expiresAt || pending.failures >= CODE_MAX_FAILURES)
    return 'unusable';
  return pending.codeHash === codeHash ? 'valid' : 'wrong';
}

/**
 * When the next code may be issued: `cooldownMs` after the last one, doubled for
 * each earlier code of the last 24 hours, at most CODE_MAX_COOLDOWN_MS (and never
 * less than `cooldownMs`, so a configured wait above the cap still holds).
 */
export function nextIssueAt(
  history: CodeHistory,
  at: number,
  cooldownMs: number = CODE_COOLDOWN_MS,
): number {
  const recent = history.issuedAt.filter((t) => at - t < DAY_MS);
  if (recent.length === 0) return at;
  const doublings = Math.min(recent.length - 1, 30);
  const wait = Math.max(cooldownMs, Math.min(cooldownMs * 2 ** doublings, CODE_MAX_COOLDOWN_MS));
  return recent[recent.length - 1] + wait;
}

/** How long until a new code may be issued (0: now). */
export function issueWaitMs(
  history: CodeHistory,
  at: number,
  cooldownMs: number = CODE_COOLDOWN_MS,
): number {
  return Math.max(0, nextIssueAt(history, at, cooldownMs) - at);
}

export function codeIssued(
  history: CodeHistory,
  codeHash: string,
  at: number,
  expiresAt: number,
): CodeHistory {
  return {
    pending: { codeHash, expiresAt, failures: 0 },
    issuedAt: [...history.issuedAt.filter((t) => at - t < DAY_MS), at],
  };
}

export function codeFailed(history: CodeHistory): CodeHistory {
  return history.pending
    ? { ...history, pending: { ...history.pending, failures: history.pending.failures + 1 } }
    : history;
}

export function codeUsed(history: CodeHistory): CodeHistory {
  return { ...history, pending: null };
}
