import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { AesGcmSecretSealer } from '@tangle/platform';
import { newSigningKey, openSigningKey, sealPublicHalf } from './signing-key-material';

const sealer = new AesGcmSecretSealer(randomBytes(32));
const SLOT = { kid: '24h.20833.0', signFrom: 20_833 * 86_400_000, signUntil: 20_834 * 86_400_000 };

describe('signing key material', () => {
  it('makes an Ed25519 pair, sealed with its id and window, that opens back whole', () => {
    const stored = newSigningKey(SLOT, sealer);
    expect(stored).toMatchObject({ ...SLOT, hasPrivate: true, revokedAt: null });
    const opened = openSigningKey(stored, sealer);
    expect(opened).toEqual({ ...SLOT, x: expect.any(String), d: expect.any(String) });
    expect(Buffer.from(opened.x, 'base64url')).toHaveLength(32);
    expect(Buffer.from(opened.d!, 'base64url')).toHaveLength(32);
  });

  it('seals the public half alone once the private half goes', () => {
    const opened = openSigningKey(newSigningKey(SLOT, sealer), sealer);
    const publicOnly = {
      ...SLOT,
      sealed: sealPublicHalf(opened, sealer),
      hasPrivate: false,
      revokedAt: null,
    };
    expect(openSigningKey(publicOnly, sealer)).toEqual({ ...opened, d: null });
    // A record that claims a private half its sealed content lacks, or the reverse, is refused.
    expect(() => openSigningKey({ ...publicOnly, hasPrivate: true }, sealer)).toThrow(
      /another record/,
    );
    const whole = newSigningKey(SLOT, sealer);
    expect(() => openSigningKey({ ...whole, hasPrivate: false }, sealer)).toThrow(/another record/);
  });

  it('refuses a record whose id or window differs from what was sealed', () => {
    const stored = newSigningKey(SLOT, sealer);
    expect(() => openSigningKey({ ...stored, kid: '24h.20834.0' }, sealer)).toThrow(
      /another record/,
    );
    expect(() => openSigningKey({ ...stored, signUntil: SLOT.signUntil + 1 }, sealer)).toThrow(
      /another record/,
    );
  });

  it('refuses halves that do not belong together', () => {
    const stored = newSigningKey(SLOT, sealer);
    const { x, d } = openSigningKey(stored, sealer);
    const other = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
    const mixed = sealer.seal(JSON.stringify({ v: 1, ...SLOT, x, d: other.d }));
    expect(() => openSigningKey({ ...stored, sealed: mixed }, sealer)).toThrow(/do not match/);
    const same = sealer.seal(JSON.stringify({ v: 1, ...SLOT, x, d }));
    expect(openSigningKey({ ...stored, sealed: same }, sealer).d).toBe(d);
  });

  it('refuses a revoked key, a foreign sealing key and an altered seal', () => {
    const stored = newSigningKey(SLOT, sealer);
    expect(() => openSigningKey({ ...stored, sealed: '', revokedAt: 1 }, sealer)).toThrow(
      /revoked/,
    );
    expect(() => openSigningKey(stored, new AesGcmSecretSealer(randomBytes(32)))).toThrow(
      /cannot be opened/,
    );
    const parts = stored.sealed.split('.');
    const body = Buffer.from(parts[2], 'base64url');
    body[0] ^= 1;
    parts[2] = body.toString('base64url');
    expect(() => openSigningKey({ ...stored, sealed: parts.join('.') }, sealer)).toThrow(
      /cannot be opened/,
    );
  });
});
