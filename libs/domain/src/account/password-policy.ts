import { AuthError } from '@tangle/contracts';
import { codePointLength } from '../shared/text';

/**
 * The password policy of the public API: at least 8 characters, an
 * uppercase letter, a lowercase letter, and a number or a symbol. Letters are
 * Unicode-aware. The upper bound keeps hashing cost bounded; nothing is ever
 * truncated: a longer password is refused, not shortened.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

export type PasswordRule =
  'min_length' | 'max_length' | 'uppercase' | 'lowercase' | 'digit_or_symbol';

const RULES: ReadonlyArray<{ rule: PasswordRule; test: (pw: string) => boolean; says: string }> = [
  {
    rule: 'min_length',
    test: (pw) => codePointLength(pw) >= PASSWORD_MIN_LENGTH,
    says: `at least ${PASSWORD_MIN_LENGTH} characters`,
  },
  {
    rule: 'max_length',
    test: (pw) => codePointLength(pw) <= PASSWORD_MAX_LENGTH,
    says: `at most ${PASSWORD_MAX_LENGTH} characters`,
  },
  { rule: 'uppercase', test: (pw) => /\p{Lu}/u.test(pw), says: 'at least one uppercase letter' },
  { rule: 'lowercase', test: (pw) => /\p{Ll}/u.test(pw), says: 'at least one lowercase letter' },
  {
    rule: 'digit_or_symbol',
    test: (pw) => /[\p{N}\p{P}\p{S}]/u.test(pw),
    says: 'at least one number or symbol',
  },
];

/** The rules the password breaks, in the order above; [] when it passes. */
export function brokenPasswordRules(password: string): PasswordRule[] {
  return RULES.filter((r) => !r.test(password)).map((r) => r.rule);
}

/**
 * Passwords are compared after NFKC normalisation, so the same password typed on
 * two keyboards (composed or decomposed accents, full-width digits) is the same.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/** Throws WEAK_PASSWORD naming the first rule the password breaks. */
export function assertPasswordPolicy(password: string): void {
  const broken = RULES.find((r) => !r.test(password));
  if (broken) throw new AuthError('WEAK_PASSWORD', `${broken.rule}: needs ${broken.says}`);
}
