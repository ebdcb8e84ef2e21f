import { randomBytes } from 'node:crypto';
import { AesGcmSecretSealer } from './aes-gcm-secret-sealer';

describe('AES-GCM secret sealer', () => {
  const sealer = new AesGcmSecretSealer(randomBytes(32));

  it('opens what it sealed, and never shows the plaintext', () => {
    const sealed = sealer.seal('493021');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('493021');
    expect(sealer.open(sealed)).toBe('493021');
    expect(sealer.seal('493021')).not.toBe(sealed);
  });

  it('refuses tampered values and other keys', () => {
    const sealed = sealer.seal('secret');
    const parts = sealed.split('.');
    parts[2] = Buffer.from('other!').toString('base64url');
    expect(() => sealer.open(parts.join('.'))).toThrow();
    expect(() => new AesGcmSecretSealer(randomBytes(32)).open(sealed)).toThrow();
    expect(() => sealer.open('garbage')).toThrow('not a sealed secret');
  });

  it('needs a 32-byte key', () => {
    expect(() => new AesGcmSecretSealer(randomBytes(16))).toThrow();
  });
});
