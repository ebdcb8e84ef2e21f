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
/** A new code for the same purpose no sooner than this after the last one. */
export const CODE_COOLDOWN_MS = 60_000;
/** Codes of one purpose per account in any 24 hours. */
export const CODE_DAILY_CAP = 10;
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

/** Why a new code may not be issued now, or null when it may. */
export function issueRefusal(
  history: CodeHistory,
  at: number,
  cooldownMs: number = CODE_COOLDOWN_MS,
): 'cooldown' | 'daily-cap' | null {
  const recent = history.issuedAt.filter((t) => at - t < DAY_MS);
  if (recent.length > 0 && at - recent[recent.length - 1] < cooldownMs) return 'cooldown';
  if (recent.length >= CODE_DAILY_CAP) return 'daily-cap';
  return null;
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
