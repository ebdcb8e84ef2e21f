/**
 * An offline list of common and breached passwords, held in memory. Entries are compared
 * without case; the list loads once (lazily, or warmed at start) and is then looked up in
 * microseconds.
 */
export interface CommonPasswordList {
  /** True when any candidate is on the list. Rejects when the list could not be loaded. */
  includesAny(candidates: readonly string[]): Promise<boolean>;
}
export const COMMON_PASSWORD_LIST = Symbol('CommonPasswordList');

/**
 * A Pwned Passwords range service (Have I Been Pwned or a mirror), asked by k-anonymity: only
 * the first 5 hex characters of the password's SHA-1 leave the process, and the suffixes that
 * come back are compared here.
 */
export interface PwnedPasswords {
  /**
   * How many times the password was seen in breaches (0: never). Rejects when the service does
   * not answer well within its timeout: whether to fail open is the caller's choice.
   */
  timesSeen(password: string): Promise<number>;
}
export const PWNED_PASSWORDS = Symbol('PwnedPasswords');
