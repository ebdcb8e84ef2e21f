import {
  AuthError,
  SecondFactorUsed,
  type AccountTotpEvent,
  type SecondFactorProof,
} from '@tangle/contracts';

/** How long a TOTP setup waits for its first valid code. */
export const TOTP_SETUP_TTL_MS = 15 * 60_000;
/** Backup codes handed out when TOTP is turned on; each works once. */
export const BACKUP_CODE_COUNT = 10;

/**
 * A second factor as verified by the caller, for the account decider to accept or refuse.
 * Verifying the code itself needs the opened secret (the application does it); what the
 * decider owns is the rule that makes it count once: the secret it was checked against must
 * still be the account's, its time step must be later than any spent one, and a backup code
 * must be unused.
 */
export type SecondFactor =
  | { kind: 'totp'; secretId: string; timeStep: number }
  | { kind: 'backup-code'; codeHash: string }
  /**
   * A QR login approved by a signed-in session of the account, which the QR decider checked
   * against the approver policy: with TOTP on, every session linked since passed a factor.
   */
  | { kind: 'approved-by-session'; sessionId: string }
  /**
   * A passkey verified with user verification (PIN or biometric on the authenticator): the key
   * is had and the user is known to it, so the sign-in is two factors in one.
   */
  | { kind: 'passkey'; credentialId: string };

export interface TotpSecret {
  secretId: string;
  sealedSecret: string;
}

export interface TwoFactorState {
  /** The confirmed secret while TOTP is on; null when it is off. */
  active: TotpSecret | null;
  /** A setup waiting for its first code. */
  pending: (TotpSecret & { expiresAt: number }) | null;
  /** The newest time step spent (-1: none): a code of it or before it is refused. */
  lastTimeStep: number;
  /** Keyed hashes of the backup codes not used yet. */
  unusedBackupCodes: readonly string[];
}

export const NO_TWO_FACTOR: TwoFactorState = {
  active: null,
  pending: null,
  lastTimeStep: -1,
  unusedBackupCodes: [],
};

/** The proof an event keeps of a factor accepted for `state`, or an INVALID_CODE refusal. */
export function acceptSecondFactor(state: TwoFactorState, factor: SecondFactor): SecondFactorProof {
  if (factor.kind === 'approved-by-session' || factor.kind === 'passkey') {
    throw new AuthError('INVALID_CODE', 'an approval or a passkey is not a code');
  }
  if (factor.kind === 'totp') {
    if (!state.active || state.active.secretId !== factor.secretId) {
      throw new AuthError('INVALID_CODE', 'the code was checked against another secret');
    }
    if (factor.timeStep <= state.lastTimeStep) {
      throw new AuthError('INVALID_CODE', 'this code was already used');
    }
    return { factor: 'totp', timeStep: factor.timeStep };
  }
  if (!state.unusedBackupCodes.includes(factor.codeHash)) throw new AuthError('INVALID_CODE');
  return { factor: 'backup-code', codeHash: factor.codeHash };
}

/**
 * The events a session link needs before `account.session-linked`: none when TOTP is off,
 * `account.second-factor-used` when a factor is accepted, else MFA_REQUIRED (no factor) or
 * INVALID_CODE (a spent or foreign one).
 */
export function secondFactorForSession(
  state: TwoFactorState,
  factor: SecondFactor | null,
  userId: string,
  sessionId: string,
  at: number,
): AccountTotpEvent[] {
  if (!state.active) return [];
  if (!factor) throw new AuthError('MFA_REQUIRED');
  // Nothing to spend: the approval itself was single use (the QR login's stream).
  if (factor.kind === 'approved-by-session' || factor.kind === 'passkey') return [];
  const proof = acceptSecondFactor(state, factor);
  return [{ type: SecondFactorUsed, data: { userId, sessionId, at, ...proof } }];
}

/** The state after a factor was spent. */
export function factorSpent(state: TwoFactorState, proof: SecondFactorProof): TwoFactorState {
  return proof.factor === 'totp'
    ? { ...state, lastTimeStep: Math.max(state.lastTimeStep, proof.timeStep) }
    : {
        ...state,
        unusedBackupCodes: state.unusedBackupCodes.filter((hash) => hash !== proof.codeHash),
      };
}

/** Backup codes: 10 characters of an alphabet without look-alikes (50 bits), shown `ABCDE-FGHJK`. */
export const BACKUP_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const BACKUP_CODE_LENGTH = 10;

export function formatBackupCode(raw: string): string {
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

/**
 * What a submitted code is: six digits are a TOTP code, ten characters of the backup alphabet
 * (any case, spaces and dashes ignored) a backup code, anything else neither.
 */
export function classifySecondFactorCode(
  code: string,
): { kind: 'totp' | 'backup-code'; code: string } | null {
  const compact = code.replace(/[\s-]/g, '').toUpperCase();
  if (/^\d{6}$/.test(compact)) return { kind: 'totp', code: compact };
  if (
    compact.length === BACKUP_CODE_LENGTH &&
    [...compact].every((char) => BACKUP_CODE_ALPHABET.includes(char))
  ) {
    return { kind: 'backup-code', code: compact };
  }
  return null;
}
