import { CryptoSecretGenerator } from './crypto-secret-generator';
import { HmacIdentifierKeys } from './hmac-identifier-keys';

describe('secret generator', () => {
  const secrets = new CryptoSecretGenerator();

  it('draws numeric codes of the asked length with every digit in use', () => {
    const codes = Array.from({ length: 2_000 }, () => secrets.numericCode(6));
    expect(codes.every((c) => /^\d{6}$/.test(c))).toBe(true);
    expect(new Set(codes.join('')).size).toBe(10);
    expect(new Set(codes).size).toBeGreaterThan(1_990);
  });

  it('draws from an alphabet, every character in use and no other', () => {
    const drawn = Array.from({ length: 2_000 }, () => secrets.fromAlphabet('ABC234', 6));
    expect(drawn.every((d) => /^[ABC234]{6}$/.test(d))).toBe(true);
    expect(new Set(drawn.join('')).size).toBe(6);
    expect(new Set(drawn).size).toBeGreaterThan(1_900);
  });

  it('makes url-safe tokens and uuids', () => {
    expect(secrets.urlToken(32)).toMatch(/^[\w-]{43}$/);
    expect(secrets.uuid()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe('keyed secret hashes', () => {
  const keys = new HmacIdentifierKeys(Buffer.alloc(32, 7));

  it('depend on purpose, subject and key', () => {
    const base = keys.secretHash('email-verification', 'u1', '123456');
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(keys.secretHash('password-reset', 'u1', '123456')).not.toBe(base);
    expect(keys.secretHash('email-verification', 'u2', '123456')).not.toBe(base);
    expect(
      new HmacIdentifierKeys(Buffer.alloc(32, 8)).secretHash('email-verification', 'u1', '123456'),
    ).not.toBe(base);
    expect(keys.secretHash('email-verification', 'u1', '123456')).toBe(base);
  });
});
