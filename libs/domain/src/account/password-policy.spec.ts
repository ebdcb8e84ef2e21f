import { AuthError } from '@tangle/contracts';
import {
  assertPasswordPolicy,
  blocklistCandidates,
  breachedPasswordError,
  brokenPasswordRules,
  normalizePassword,
  PASSWORD_MAX_LENGTH,
  passwordPolicy,
  STANDARD_PASSWORD_POLICY,
  type PasswordPolicy,
} from './password-policy';

function failure(password: string, policy: PasswordPolicy = STANDARD_PASSWORD_POLICY): AuthError {
  try {
    assertPasswordPolicy(password, policy);
  } catch (error) {
    return error as AuthError;
  }
  throw new Error(`expected ${password} to be refused`);
}

const NIST = passwordPolicy('nist');

describe('password policy', () => {
  describe('given the standard profile', () => {
    it.each([
      ['Short1!', 'min_length'],
      ['alllowercase1', 'uppercase'],
      ['ALLUPPERCASE1', 'lowercase'],
      ['NoDigitsOrSymbols', 'digit_or_symbol'],
      [`Aa1${'x'.repeat(PASSWORD_MAX_LENGTH)}`, 'max_length'],
    ])('when %j is set, then WEAK_PASSWORD names rule %s', (password, rule) => {
      const error = failure(password);
      expect(error.errorName).toBe('WEAK_PASSWORD');
      expect(error.detail).toMatch(new RegExp(`^${rule}:`));
    });

    it.each([
      'Passw0rd',
      'Password!',
      'Ünïcødé-Pass',
      'Ωmega1234',
      `Aa1${'x'.repeat(PASSWORD_MAX_LENGTH - 3)}`,
    ])('when %j is set, then the length and composition rules pass', (password) => {
      expect(() => assertPasswordPolicy(password)).not.toThrow();
    });

    it('is the default: 8 characters and the composition rules', () => {
      expect(STANDARD_PASSWORD_POLICY).toEqual({
        profile: 'standard',
        minLength: 8,
        maxLength: 256,
        composition: true,
        blocklistCore: true,
      });
    });

    it('counts characters, not UTF-16 units: 7 emoji plus a letter is too short only by code points', () => {
      expect(brokenPasswordRules('Aa1😀😀😀😀')).toContain('min_length');
    });

    it('lists every broken rule', () => {
      expect(brokenPasswordRules('abc')).toEqual(['min_length', 'uppercase', 'digit_or_symbol']);
    });

    it('takes a longer configured minimum', () => {
      const policy = passwordPolicy('standard', 12);
      expect(failure('Abcdefgh-12', policy).detail).toBe(
        'min_length: needs at least 12 characters',
      );
      expect(() => assertPasswordPolicy('Abcdefgh-123', policy)).not.toThrow();
    });
  });

  describe('given the NIST SP 800-63B profile', () => {
    it('when 14 characters are set, then min_length: 15 is the floor', () => {
      expect(failure('Abcdefghijkl-1', NIST).detail).toBe(
        'min_length: needs at least 15 characters',
      );
    });

    it.each([
      'all lower case words here',
      'ALL UPPER CASE WORDS HERE',
      'onlyletterswithoutanything',
      '839201746519283746',
    ])('when %j is set, then no composition rule applies', (password) => {
      expect(brokenPasswordRules(password, NIST)).toEqual([]);
    });

    it('when 257 characters are set, then max_length still applies', () => {
      expect(brokenPasswordRules('x'.repeat(PASSWORD_MAX_LENGTH + 1), NIST)).toEqual([
        'max_length',
      ]);
      expect(brokenPasswordRules('x'.repeat(PASSWORD_MAX_LENGTH), NIST)).toEqual([]);
    });

    it('has no composition and a 15-character minimum by default', () => {
      expect(NIST).toEqual({
        profile: 'nist',
        minLength: 15,
        maxLength: 256,
        composition: false,
        blocklistCore: false,
      });
    });
  });

  describe('minimum length bounds', () => {
    it.each([
      ['standard', 7],
      ['standard', 65],
      ['nist', 14],
      ['nist', 65],
      ['nist', 15.5],
    ] as const)('refuses %s with %d', (profile, minLength) => {
      expect(() => passwordPolicy(profile, minLength)).toThrow(RangeError);
    });

    it.each([
      ['standard', 8],
      ['standard', 64],
      ['nist', 15],
      ['nist', 64],
    ] as const)('accepts %s with %d', (profile, minLength) => {
      expect(passwordPolicy(profile, minLength).minLength).toBe(minLength);
    });
  });

  describe('blocklist candidates', () => {
    it.each([
      ['Password123!', ['password123!', 'password']],
      ['123Dragon', ['123dragon', 'dragon']],
      ['  Sunflower 2019 !! ', ['  sunflower 2019 !! ', 'sunflower']],
      ['Correct horse battery staple', ['correct horse battery staple']],
      ['P@ssw0rd', ['p@ssw0rd']],
      ['Abc-12345678', ['abc-12345678']],
      ['12345678', ['12345678']],
      ['ÉCOLE-2024', ['école-2024', 'école']],
    ])('looks %j up as %j', (password, candidates) => {
      expect(blocklistCandidates(password)).toEqual(candidates);
    });

    it('compares the entire password only with the NIST profile, as SP 800-63B asks', () => {
      expect(blocklistCandidates('Password1234567!', NIST)).toEqual(['password1234567!']);
      expect(blocklistCandidates('Password1234567!')).toEqual(['password1234567!', 'password']);
    });
  });

  it('says a breached password is too common without repeating it', () => {
    const error = breachedPasswordError();
    expect(error.errorName).toBe('WEAK_PASSWORD');
    expect(error.detail).toBe('breached: too common or known from data breaches; choose another');
  });

  it('normalises composed and decomposed forms to the same password', () => {
    expect(normalizePassword('Cafe\u0301-Pass1')).toBe(normalizePassword('Caf\u00e9-Pass1'));
  });
});
