import type { AccountDeletionEvent } from './account-deletion.events';
import type { AccountTotpEvent } from './account-totp.events';
import type { AccountSettingsEvent } from './account-settings.events';
import type { SessionRevocationReason } from './session.events';

/** Events of the `account-<userId>` stream. Ids are snowflakes as decimal strings, times are unix ms. */

import type {
  AccountOAuthLinked,
  AccountOAuthLinkedData,
  AccountOAuthUnlinked,
  AccountOAuthUnlinkedData,
} from './oauth.events';

export const AccountRegistered = 'account.registered.v1';
export interface AccountRegisteredData {
  userId: string;
  name: string;
  /** As typed by the user (trimmed); uniqueness is on the normalised form. */
  email: string | null;
  /** argon2id PHC string, or null for a passwordless account. */
  passwordHash: string | null;
  /** Set by registration by username; absent on older events. */
  username?: string | null;
  /**
   * The profile, present together when the registration gave one (absent on events from before
   * profiles, and on sign-ups that sent only a name): trimmed first and last name or null, the
   * phone number in E.164 (`+201234567890`) or null, the account type, a referral code or null.
   * A reader of an event without them uses null, null, null, 'individual', null.
   */
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  accountType?: AccountType;
  referralCode?: string | null;
  registeredAt: number;
}

/** Who holds the account: a person, or a business. */
export type AccountType = 'individual' | 'business';
export const ACCOUNT_TYPES: readonly AccountType[] = ['individual', 'business'];

export const PasswordChanged = 'account.password-changed.v1';
export interface PasswordChangedData {
  userId: string;
  passwordHash: string;
  /**
   * Why it changed: a rehash at sign-in keeps the password, the others set a new one (`setup`:
   * a passwordless account's first password, through a mailed code).
   */
  reason: 'rehash' | 'change' | 'reset' | 'setup';
  changedAt: number;
}

/**
 * A one-time code to be mailed. The event keeps only a keyed hash of the code (to
 * check it) and the code sealed with the mail key (for the mailer to deliver);
 * the plain code exists only in memory and in the sent mail.
 */
interface MailedCode {
  userId: string;
  email: string;
  codeHash: string;
  sealedCode: string;
  expiresAt: number;
  requestedAt: number;
  locale: string;
}

export const EmailVerificationRequested = 'account.email-verification-requested.v1';
export type EmailVerificationRequestedData = MailedCode;

export const EmailVerificationFailed = 'account.email-verification-failed.v1';
export interface EmailVerificationFailedData {
  userId: string;
  at: number;
}

export const EmailVerified = 'account.email-verified.v1';
export interface EmailVerifiedData {
  userId: string;
  email: string;
  at: number;
}

export const PasswordResetRequested = 'account.password-reset-requested.v1';
export type PasswordResetRequestedData = MailedCode;

export const PasswordResetFailed = 'account.password-reset-failed.v1';
export interface PasswordResetFailedData {
  userId: string;
  at: number;
}

/**
 * A session opened for this account. Recorded on the account stream before the
 * session's own stream, so a password reset can find (and revoke) every session still active.
 */
export const AccountSessionLinked = 'account.session-linked.v1';
export interface AccountSessionLinkedData {
  userId: string;
  sessionId: string;
  at: number;
  /**
   * The session's absolute end (its `session.started` `expiresAt`): past it the account no
   * longer counts the session among its active ones. Absent on events from before active
   * sessions were kept: such a link counts until an `account.session-unlinked` ends it.
   */
  expiresAt?: number;
  /**
   * Where the sign-in came from, as the session records it (absent on events from before
   * new-sign-in notices): the account keeps the device classes and countries it has seen.
   */
  deviceType?: string;
  deviceVersion?: string;
  country?: string | null;
  region?: string | null;
  /**
   * True when this device class and country were new to an account that had signed in before
   * (never on its first session), and new-sign-in notices were on: the relay mails a notice.
   */
  newSignIn?: boolean;
}

/**
 * A session of this account ended (`session.revoked` on its own stream, written first): the
 * account no longer counts it among its active sessions. Every revocation writes one, whatever
 * its reason, except the account's deletion (`account.deleted` ends them all).
 */
export const AccountSessionUnlinked = 'account.session-unlinked.v1';
export interface AccountSessionUnlinkedData {
  userId: string;
  sessionId: string;
  /** The revocation's reason, as `session.revoked` records it. */
  reason: SessionRevocationReason;
  at: number;
}

/**
 * An email-link login was asked for this account and its link is being mailed. The newest one
 * is the account's only usable link: it replaces any earlier one still pending.
 */
export const AccountLoginLinkRequested = 'account.login-link-requested.v1';
export interface AccountLoginLinkRequestedData {
  userId: string;
  /** The login attempt (`login-<authId>` stream). */
  authId: string;
  requestedAt: number;
  expiresAt: number;
}

/**
 * The owner asked for an export of their data: a download link is mailed. The event keeps the
 * link token's SHA-256 (to check it) and the token sealed with the mail key (for the mailer);
 * the newest request is the only one whose link works, until `expiresAt`.
 */
export const TakeoutRequested = 'account.takeout-requested.v1';
export interface TakeoutRequestedData {
  userId: string;
  email: string;
  tokenHash: string;
  sealedToken: string;
  requestedAt: number;
  expiresAt: number;
  locale: string;
}

export type AccountEvent =
  | AccountDeletionEvent
  | AccountSettingsEvent
  | { type: typeof AccountRegistered; data: AccountRegisteredData }
  | { type: typeof PasswordChanged; data: PasswordChangedData }
  | { type: typeof EmailVerificationRequested; data: EmailVerificationRequestedData }
  | { type: typeof EmailVerificationFailed; data: EmailVerificationFailedData }
  | { type: typeof EmailVerified; data: EmailVerifiedData }
  | { type: typeof PasswordResetRequested; data: PasswordResetRequestedData }
  | { type: typeof PasswordResetFailed; data: PasswordResetFailedData }
  | { type: typeof AccountSessionLinked; data: AccountSessionLinkedData }
  | { type: typeof AccountSessionUnlinked; data: AccountSessionUnlinkedData }
  | { type: typeof AccountLoginLinkRequested; data: AccountLoginLinkRequestedData }
  | { type: typeof TakeoutRequested; data: TakeoutRequestedData }
  | { type: typeof AccountOAuthLinked; data: AccountOAuthLinkedData }
  | { type: typeof AccountOAuthUnlinked; data: AccountOAuthUnlinkedData }
  | AccountTotpEvent;
