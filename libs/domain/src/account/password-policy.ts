import { AuthError } from '@tangle/contracts';
import { codePointLength } from '../shared/text';

/**
 * The password policy, in two profiles (docs/decisions/0013-password-policy.md):
 *
 * - `standard` (the default): at least 8 characters, an uppercase letter, a lowercase letter,
 *   and a number or a symbol (letters in any script);
 * - `nist` (NIST SP 800-63B): at least 15 characters and no composition rule.
 *
 * Both refuse passwords that are too common or known from breaches (the `breached` rule, which
 * needs lists the application looks up: see `blocklistCandidates`; the standard profile also
 * looks through digits and symbols around a common password), and both cap the length so
 * hashing cost stays bounded. Nothing is ever truncated: a longer password is refused, not
 * shortened. Lengths count Unicode code points, after NFKC normalisation.
 */
export type PasswordProfile = 'standard' | 'nist';

export const PASSWORD_PROFILES: readonly PasswordProfile[] = ['standard', 'nist'];

/** The longest password accepted: well past the 64 NIST asks verifiers to allow. */
export const PASSWORD_MAX_LENGTH = 256;

/** Each profile's minimum length by default, and the range it may be configured within. */
export const PASSWORD_MIN_LENGTH_RANGE: Readonly<
  Record<PasswordProfile, { default: number; min: number; max: number }>
> = {
  standard: { default: 8, min: 8, max: 64 },
  nist: { default: 15, min: 15, max: 64 },
};

/** The standard profile's minimum, as the public API documents it. */
export const PASSWORD_MIN_LENGTH = PASSWORD_MIN_LENGTH_RANGE.standard.default;

export interface PasswordPolicy {
  readonly profile: PasswordProfile;
  readonly minLength: number;
  readonly maxLength: number;
  /** Upper case, lower case, and a number or symbol: the standard profile only. */
  readonly composition: boolean;
  /**
   * Whether the blocklist is also asked about the password's core (see `blocklistCandidates`):
   * the standard profile only. Its composition rules are what make people decorate a common
   * password ("Password123!"); NIST SP 800-63B compares the entire password, not parts of it.
   */
  readonly blocklistCore: boolean;
}

/** The policy of a profile; throws a RangeError for a minimum outside the profile's range. */
export function passwordPolicy(
  profile: PasswordProfile = 'standard',
  minLength: number = PASSWORD_MIN_LENGTH_RANGE[profile].default,
): PasswordPolicy {
  const range = PASSWORD_MIN_LENGTH_RANGE[profile];
  if (!Number.isInteger(minLength) || minLength < range.min || minLength > range.max) {
    throw new RangeError(
      `the ${profile} profile's minimum length must be from ${range.min} to ${range.max}, got ${minLength}`,
    );
  }
  return {
    profile,
    minLength,
    maxLength: PASSWORD_MAX_LENGTH,
    composition: profile === 'standard',
    blocklistCore: profile === 'standard',
  };
}

export const STANDARD_PASSWORD_POLICY = passwordPolicy('standard');

export type PasswordRule =
  'min_length' | 'max_length' | 'uppercase' | 'lowercase' | 'digit_or_symbol' | 'breached';

interface RuleCheck {
  rule: PasswordRule;
  test: (password: string) => boolean;
  says: string;
}

function shapeRules(policy: PasswordPolicy): RuleCheck[] {
  const rules: RuleCheck[] = [
    {
      rule: 'min_length',
      test: (pw) => codePointLength(pw) >= policy.minLength,
      says: `at least ${policy.minLength} characters`,
    },
    {
      rule: 'max_length',
      test: (pw) => codePointLength(pw) <= policy.maxLength,
      says: `at most ${policy.maxLength} characters`,
    },
  ];
  if (!policy.composition) return rules;
  return [
    ...rules,
    { rule: 'uppercase', test: (pw) => /\p{Lu}/u.test(pw), says: 'at least one uppercase letter' },
    { rule: 'lowercase', test: (pw) => /\p{Ll}/u.test(pw), says: 'at least one lowercase letter' },
    {
      rule: 'digit_or_symbol',
      test: (pw) => /[\p{N}\p{P}\p{S}]/u.test(pw),
      says: 'at least one number or symbol',
    },
  ];
}

/** The length and composition rules the password breaks, in order; [] when it passes them. */
export function brokenPasswordRules(
  password: string,
  policy: PasswordPolicy = STANDARD_PASSWORD_POLICY,
): PasswordRule[] {
  return shapeRules(policy)
    .filter((r) => !r.test(password))
    .map((r) => r.rule);
}

/**
 * Passwords are compared after NFKC normalisation, so the same password typed on
 * two keyboards (composed or decomposed accents, full-width digits) is the same.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/**
 * Throws WEAK_PASSWORD naming the first length or composition rule the password breaks.
 * The `breached` rule is the application's to check, with `blocklistCandidates`.
 */
export function assertPasswordPolicy(
  password: string,
  policy: PasswordPolicy = STANDARD_PASSWORD_POLICY,
): void {
  const broken = shapeRules(policy).find((r) => !r.test(password));
  if (broken) throw new AuthError('WEAK_PASSWORD', `${broken.rule}: needs ${broken.says}`);
}

/** A core shorter than this is not looked up: four letters are too little to call a word. */
export const BLOCKLIST_CORE_MIN_LENGTH = 4;

/**
 * The forms of a (normalised) password that are looked up in a list of common passwords,
 * compared without case: the whole password and, when the policy says so, its core, what is
 * left once the digits, symbols and spaces around its letters are taken off
 * ("Password123!" → "password"), since adding those to a common password is the first thing
 * guessing tools try. The core is looked up when it has at least four characters.
 */
export function blocklistCandidates(
  password: string,
  policy: PasswordPolicy = STANDARD_PASSWORD_POLICY,
): string[] {
  const whole = password.toLowerCase();
  if (!policy.blocklistCore) return [whole];
  const core = whole.replace(/^[^\p{L}\p{M}]+|[^\p{L}\p{M}]+$/gu, '');
  if (core === whole || codePointLength(core) < BLOCKLIST_CORE_MIN_LENGTH) return [whole];
  return [whole, core];
}

/** WEAK_PASSWORD for a password found on a list or in breaches; it never repeats the password. */
export function breachedPasswordError(): AuthError {
  return new AuthError(
    'WEAK_PASSWORD',
    'breached: too common or known from data breaches; choose another',
  );
}
