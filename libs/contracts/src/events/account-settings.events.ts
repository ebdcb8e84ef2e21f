/**
 * Events of the `account-<userId>` stream recorded by the account settings: a passwordless
 * account's first password (through a mailed code) and a change of email address (a code to
 * the new address, then an undo link to the old one). Times are unix ms.
 */

/**
 * A code was mailed to the account's address so that a passwordless account can set its first
 * password (only the code's keyed hash and its sealed form are kept).
 */
export const PasswordSetupRequested = 'account.password-setup-requested.v1';
export interface PasswordSetupRequestedData {
  userId: string;
  email: string;
  codeHash: string;
  sealedCode: string;
  expiresAt: number;
  requestedAt: number;
  locale: string;
}

export const PasswordSetupFailed = 'account.password-setup-failed.v1';
export interface PasswordSetupFailedData {
  userId: string;
  at: number;
}

/** A code was mailed to `email`, the address the account asked to move to. */
export const EmailChangeRequested = 'account.email-change-requested.v1';
export interface EmailChangeRequestedData {
  userId: string;
  /** The new address, as typed (trimmed): the code goes there. */
  email: string;
  codeHash: string;
  sealedCode: string;
  expiresAt: number;
  requestedAt: number;
  locale: string;
}

export const EmailChangeFailed = 'account.email-change-failed.v1';
export interface EmailChangeFailedData {
  userId: string;
  at: number;
}

/**
 * The account's address is now `email` (verified by the code): the one append that moves the
 * account from its old address to the new one. The old address stays reserved for the account
 * until `undoUntil`, and gets a link (its token sealed here, its keyed hash kept) that restores
 * it until then.
 */
export const EmailChanged = 'account.email-changed.v1';
export interface EmailChangedData {
  userId: string;
  email: string;
  /** The address it replaces; null when the account had none (then there is no undo link). */
  previousEmail: string | null;
  previousEmailVerified: boolean;
  /** Keyed hash of the undo link's token; null without a previous address. */
  undoTokenHash: string | null;
  sealedUndoToken: string | null;
  undoUntil: number | null;
  changedAt: number;
  locale: string;
}

/**
 * The owner of a previous address followed its undo link: the account's address is `email`
 * again, and every change made after the undone one is dropped.
 */
export const EmailChangeUndone = 'account.email-change-undone.v1';
export interface EmailChangeUndoneData {
  userId: string;
  /** The restored address. */
  email: string;
  emailVerified: boolean;
  /** The address it replaces (the one the undone change had set, or a later one). */
  replacedEmail: string | null;
  /** The keyed hash of the link's token: which change was undone. */
  undoTokenHash: string;
  at: number;
}

export type AccountSettingsEvent =
  | { type: typeof PasswordSetupRequested; data: PasswordSetupRequestedData }
  | { type: typeof PasswordSetupFailed; data: PasswordSetupFailedData }
  | { type: typeof EmailChangeRequested; data: EmailChangeRequestedData }
  | { type: typeof EmailChangeFailed; data: EmailChangeFailedData }
  | { type: typeof EmailChanged; data: EmailChangedData }
  | { type: typeof EmailChangeUndone; data: EmailChangeUndoneData };
