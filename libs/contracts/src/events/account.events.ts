/** Events of the `account-<userId>` stream. Ids are snowflakes as decimal strings, times are unix ms. */

export const AccountRegistered = 'account.registered.v1';
export interface AccountRegisteredData {
  userId: string;
  name: string;
  /** As typed by the user (trimmed); uniqueness is on the normalised form. */
  email: string | null;
  /** argon2id PHC string, or null for a passwordless account. */
  passwordHash: string | null;
  registeredAt: number;
}

export const PasswordChanged = 'account.password-changed.v1';
export interface PasswordChangedData {
  userId: string;
  passwordHash: string;
  /** Why it changed: a rehash at sign-in keeps the password, the others set a new one. */
  reason: 'rehash' | 'change' | 'reset';
  changedAt: number;
}

export type AccountEvent =
  | { type: typeof AccountRegistered; data: AccountRegisteredData }
  | { type: typeof PasswordChanged; data: PasswordChangedData };
