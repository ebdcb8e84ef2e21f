import { ACCOUNT_TYPES, AuthError, type AccountType } from '@tangle/contracts';
import { normalizeNamePart } from './display-name';

export const REFERRAL_CODE_MAX_LENGTH = 32;
const REFERRAL_CODE = /^[A-Za-z0-9_-]+$/;
/** E.164: a plus, a country code that does not start with 0, at most 15 digits in all. */
const E164 = /^\+[1-9][0-9]{1,14}$/;

/** What an account says about its holder, beyond the display name. */
export interface AccountProfile {
  firstName: string | null;
  lastName: string | null;
  /** E.164, e.g. `+201234567890`. */
  phone: string | null;
  accountType: AccountType;
  referralCode: string | null;
}

/** The profile of an account registered without one (or before profiles existed). */
export const DEFAULT_PROFILE: AccountProfile = Object.freeze({
  firstName: null,
  lastName: null,
  phone: null,
  accountType: 'individual',
  referralCode: null,
});

/**
 * A profile as a client sent it. Absent and null mean "not given"; so does a blank phone,
 * account type or referral code (optional fields of a form), but a blank first or last name is
 * refused. The phone is already E.164: turning what a person typed into E.164 needs the
 * numbering plans, which live outside the domain.
 */
export interface AccountProfileInput {
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  accountType?: string | null;
  referralCode?: string | null;
}

/** Trims and checks every field; throws INVALID_ARGUMENT naming the first bad one. */
export function normalizeAccountProfile(input: AccountProfileInput): AccountProfile {
  return {
    firstName: input.firstName == null ? null : normalizeNamePart('firstName', input.firstName),
    lastName: input.lastName == null ? null : normalizeNamePart('lastName', input.lastName),
    phone: given(input.phone) === null ? null : checkE164(given(input.phone)!),
    accountType: accountTypeOf(given(input.accountType)),
    referralCode: referralCodeOf(given(input.referralCode)),
  };
}

/** True when the input carries any field (even a blank one): then the registration records a profile. */
export function hasProfile(input: AccountProfileInput): boolean {
  return Object.values(input).some((value) => value != null);
}

function given(value: string | null | undefined): string | null {
  if (value == null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function checkE164(phone: string): string {
  if (!E164.test(phone)) {
    throw new AuthError(
      'INVALID_ARGUMENT',
      'phone must be in E.164 format: + and the country code, at most 15 digits',
    );
  }
  return phone;
}

function accountTypeOf(value: string | null): AccountType {
  if (value === null) return DEFAULT_PROFILE.accountType;
  if (!(ACCOUNT_TYPES as readonly string[]).includes(value)) {
    throw new AuthError(
      'INVALID_ARGUMENT',
      `accountType must be one of ${ACCOUNT_TYPES.map((type) => `'${type}'`).join(', ')}`,
    );
  }
  return value as AccountType;
}

function referralCodeOf(value: string | null): string | null {
  if (value === null) return null;
  if (value.length > REFERRAL_CODE_MAX_LENGTH) {
    throw new AuthError(
      'INVALID_ARGUMENT',
      `referralCode must be at most ${REFERRAL_CODE_MAX_LENGTH} characters`,
    );
  }
  if (!REFERRAL_CODE.test(value)) {
    throw new AuthError(
      'INVALID_ARGUMENT',
      "referralCode may hold only letters A-Z and a-z, digits, '-' and '_'",
    );
  }
  return value;
}
