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
    'nul\u0000@example.com',
    'esc\u001b[2J@example.com',
    'c1\u009b@example.com',
    'ada@exa\u202emoc.example.com',
    'ada\u2066@example.com',
  ])('refuses %j with INVALID_ARGUMENT', (raw) => {
    expect(() => parseEmailAddress(raw)).toThrow(AuthError);
  });

  it('names the control character it refuses', () => {
    expect(() => parseEmailAddress('esc\u001b@example.com')).toThrow(
      'email must not contain control or bidirectional formatting characters (found U+001B)',
    );
  });
});

describe('display name', () => {
  it('trims', () => expect(normalizeDisplayName('  Ada  ')).toBe('Ada'));
  it.each([
    '',
    '   ',
    'x'.repeat(65),
    'bad\u0000name',
    'line\nbreak',
    'esc\u001b[31mred',
    'c1\u0090name',
    'Ada\u202eecalevoL',
    'Ada\u2067x\u2069',
    'mark\u200f',
  ])('refuses %j', (raw) => {
    expect(() => normalizeDisplayName(raw)).toThrow(AuthError);
  });
  it('keeps right-to-left names', () => expect(normalizeDisplayName('שלום')).toBe('שלום'));
  it('counts emoji as one character', () =>
    expect(normalizeDisplayName('😀'.repeat(64))).toHaveLength(128));
});
