import { AuthError } from '@tangle/contracts';
import {
  assertPasswordPolicy,
  brokenPasswordRules,
  normalizePassword,
  PASSWORD_MAX_LENGTH,
} from './password-policy';

function failure(password: string): AuthError {
  try {
    assertPasswordPolicy(password);
  } catch (error) {
    return error as AuthError;
  }
  throw new Error(`expected ${password} to be refused`);
}

describe('password policy', () => {
  it.each([
    ['Short1!', 'min_length'],
    ['alllowercase1', 'uppercase'],
    ['ALLUPPERCASE1', 'lowercase'],
    ['NoDigitsOrSymbols', 'digit_or_symbol'],
    [`Aa1${'x'.repeat(PASSWORD_MAX_LENGTH)}`, 'max_length'],
  ])('refuses %j with WEAK_PASSWORD naming rule %s', (password, rule) => {
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
  ])('accepts %j', (password) => {
    expect(() => assertPasswordPolicy(password)).not.toThrow();
  });

  it('counts characters, not UTF-16 units: 7 emoji plus a letter is too short only by code points', () => {
    expect(brokenPasswordRules('Aa1😀😀😀😀')).toContain('min_length');
  });

  it('lists every broken rule', () => {
    expect(brokenPasswordRules('abc')).toEqual(['min_length', 'uppercase', 'digit_or_symbol']);
  });

  it('normalises composed and decomposed forms to the same password', () => {
    expect(normalizePassword('Cafe\u0301-Pass1')).toBe(normalizePassword('Caf\u00e9-Pass1'));
  });
});
