import { AuthError } from '@tangle/contracts';
import { isPhoneRegion, LibPhoneNumberParser } from './lib-phone-number-parser';

function refusal(parser: LibPhoneNumberParser, raw: string): AuthError {
  try {
    parser.toE164(raw);
  } catch (error) {
    return error as AuthError;
  }
  throw new Error(`${JSON.stringify(raw)} was accepted`);
}

describe('LibPhoneNumberParser', () => {
  const international = new LibPhoneNumberParser();
  const egypt = new LibPhoneNumberParser('EG');

  it('keeps the Egyptian example in E.164', () => {
    expect(international.toE164('+201234567890')).toBe('+201234567890');
    expect(international.toE164(' +20 123 456 7890 ')).toBe('+201234567890');
  });

  it('turns a US number in international format with punctuation into E.164', () => {
    expect(international.toE164('+1 (213) 373-4253')).toBe('+12133734253');
    expect(egypt.toE164('+1 213 373 4253')).toBe('+12133734253');
  });

  it('reads a national number in the default region', () => {
    expect(egypt.toE164('01234567890')).toBe('+201234567890');
    expect(egypt.toE164('012 3456 7890')).toBe('+201234567890');
    // Arabic-Indic digits, as an Arabic keyboard types them.
    expect(egypt.toE164('٠١٢٣٤٥٦٧٨٩٠')).toBe('+201234567890');
    expect(new LibPhoneNumberParser('US').toE164('(213) 373-4253')).toBe('+12133734253');
  });

  it('refuses a national number without a default region, saying to add the country code', () => {
    for (const raw of ['01234567890', '(213) 373-4253']) {
      const error = refusal(international, raw);
      expect(error.errorName).toBe('INVALID_ARGUMENT');
      expect(error.detail).toBe(
        'phone must be in international format: + and the country code, e.g. +201234567890',
      );
    }
  });

  it.each([
    ['letters', 'call me'],
    ['text around a number', '+20 123 456 7890 (mobile)'],
    ['an unknown country code', '+999 1234567'],
    ['a plus alone', '+'],
  ])('refuses %s as not a phone number', (_, raw) => {
    const error = refusal(international, raw);
    expect(error.errorName).toBe('INVALID_ARGUMENT');
    expect(error.detail).toBe('phone is not a phone number');
  });

  it.each([
    ['too short for Egypt', '+20123'],
    ['a US number in a reserved range', '+1 555 555 5555'],
    ['a national number of the wrong length', '0123'],
  ])('refuses a number %s as not valid', (_, raw) => {
    const parser = raw.startsWith('+') ? international : egypt;
    expect(refusal(parser, raw).detail).toBe('phone is not a valid phone number');
  });

  it('refuses an extension rather than drop it', () => {
    expect(refusal(international, '+1 213 373 4253 ext. 12').detail).toBe(
      'phone must not have an extension',
    );
  });

  it('refuses input longer than any phone number before parsing it', () => {
    expect(refusal(international, `+20${' '.repeat(70)}1234567890`).detail).toBe(
      'phone must be at most 64 characters',
    );
  });

  it('takes only regions with a numbering plan as the default', () => {
    expect(isPhoneRegion('EG')).toBe(true);
    expect(isPhoneRegion('eg')).toBe(false);
    expect(isPhoneRegion('XX')).toBe(false);
    expect(() => new LibPhoneNumberParser('XX')).toThrow(/numbering plan/);
  });
});
