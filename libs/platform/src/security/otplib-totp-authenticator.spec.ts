import { randomBytes } from 'node:crypto';
import { generateSync } from 'otplib';
import { AesGcmSecretSealer } from './aes-gcm-secret-sealer';
import { OtplibTotpAuthenticator } from './otplib-totp-authenticator';

describe('OtplibTotpAuthenticator', () => {
  const sealer = new AesGcmSecretSealer(randomBytes(32));
  const totp = new OtplibTotpAuthenticator(sealer, 'Tangle');
  const at = 1_796_100_000_000;
  const secretOf = (url: string) => new URL(url).searchParams.get('secret')!;
  const codeAt = (secret: string, ms: number) =>
    generateSync({ secret, epoch: Math.floor(ms / 1000) });

  it('makes a 160-bit secret, sealed, and an otpauth URL naming the issuer and the account', () => {
    const { sealedSecret, url } = totp.newSecret('ada@example.com');
    const secret = secretOf(url);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(sealedSecret).not.toContain(secret);
    expect(sealer.open(sealedSecret)).toBe(secret);
    expect(url.startsWith('otpauth://totp/Tangle:ada%40example.com?')).toBe(true);
    expect(new URL(url).searchParams.get('issuer')).toBe('Tangle');
  });

  it('answers the time step of a valid code, one step of drift either way, and null otherwise', () => {
    const { sealedSecret, url } = totp.newSecret('ada');
    const secret = secretOf(url);
    const step = Math.floor(at / 30_000);
    expect(totp.verify(sealedSecret, codeAt(secret, at), at)).toBe(step);
    expect(totp.verify(sealedSecret, codeAt(secret, at - 30_000), at)).toBe(step - 1);
    expect(totp.verify(sealedSecret, codeAt(secret, at + 30_000), at)).toBe(step + 1);
    const stale = codeAt(secret, at - 90_000);
    // A code two steps away is refused (unless it happens to equal a current one).
    if (![-1, 0, 1].some((d) => codeAt(secret, at + d * 30_000) === stale)) {
      expect(totp.verify(sealedSecret, stale, at)).toBeNull();
    }
    expect(totp.verify(sealedSecret, '12345', at)).toBeNull();
    expect(totp.verify(sealedSecret, 'abcdef', at)).toBeNull();
  });

  it('refuses a code of another secret', () => {
    const one = totp.newSecret('a');
    const other = totp.newSecret('b');
    const code = codeAt(secretOf(other.url), at);
    if (code !== codeAt(secretOf(one.url), at))
      expect(totp.verify(one.sealedSecret, code, at)).toBeNull();
  });
});
