import { AuthError } from '@tangle/contracts';
import { parseEmailAddress } from './email-address';
import { normalizeDisplayName } from '../account/display-name';

describe('email address', () => {
  it('keeps the typed form and lower-cases the normalised one', () => {
    expect(parseEmailAddress('  Ada.Lovelace@Example.COM ')).toEqual({
      address: 'Ada.Lovelace@Example.COM',
      normalized: 'ada.lovelace@example.com',
    });
  });

  it.each([
    '',
    'no-at-sign',
    'a@b',
    'two@@example.com',
    'sp ace@example.com',
    `${'a'.repeat(250)}@example.com`,
  ])('refuses %j with INVALID_ARGUMENT', (raw) => {
    expect(() => parseEmailAddress(raw)).toThrow(AuthError);
  });
});

describe('display name', () => {
  it('trims', () => expect(normalizeDisplayName('  Ada  ')).toBe('Ada'));
  it.each(['', '   ', 'x'.repeat(65), 'bad\u0000name', 'line\nbreak'])('refuses %j', (raw) => {
    expect(() => normalizeDisplayName(raw)).toThrow(AuthError);
  });
  it('counts emoji as one character', () =>
    expect(normalizeDisplayName('😀'.repeat(64))).toHaveLength(128));
});
