import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { InMemorySigningKeyStore } from '../../application/src/testing/in-memory-signing-key-store';
import { MAX_ACCESS_TOKEN_LENGTH } from './jose-access-tokens';
import type { CryptoKey } from './signing-key-ring';
import {
  DAY,
  HOUR,
  SETTINGS,
  T0,
  claimsAt,
  signEd25519,
  signHs256,
  startInstance,
  testClock,
} from './testing/access-token-fixture';

const USER = { userId: '386015308038537216', sessionId: '386015310366375936' };
const CLAIMS = {
  userId: USER.userId,
  sessionId: USER.sessionId,
  tokenId: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
  issuedAt: T0,
  expiresAt: T0 + HOUR,
};

describe('JoseAccessTokens', () => {
  let instance: Awaited<ReturnType<typeof startInstance>>;
  /** The current key's kid and its private half, as a test-only signer would use them. */
  let kid: string;
  let signKey: CryptoKey;
  const header = () => ({ alg: 'EdDSA', kid, typ: 'at+jwt' });

  beforeEach(async () => {
    instance = await startInstance();
    const current = instance.ring.signingKey()!;
    kid = current.kid;
    signKey = current.signKey!;
  });

  afterEach(() => instance.ring.stop());

  /** Signs with the current key, exactly the header and claims given. */
  const signed = (
    changes: { header?: Record<string, unknown>; claims?: Record<string, unknown> } = {},
  ) =>
    signEd25519(
      { ...header(), ...changes.header },
      { ...claimsAt(instance.clock.now()), ...changes.claims },
      signKey,
    );

  describe('issue', () => {
    it('signs EdDSA with the current kid and typ at+jwt, and carries iss, aud, sub, sid, jti, iat, exp', async () => {
      const issued = await instance.tokens.issue(USER);
      expect(issued).toEqual({
        token: expect.any(String),
        expiresIn: 3_600,
        expiresAt: T0 + HOUR,
      });
      expect(decodeProtectedHeader(issued.token)).toEqual({
        alg: 'EdDSA',
        kid: '24h.20833.0',
        typ: 'at+jwt',
      });
      expect(decodeJwt(issued.token)).toEqual({
        iss: 'https://auth.example.com',
        aud: 'tangle',
        sub: USER.userId,
        sid: USER.sessionId,
        jti: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
        iat: T0 / 1_000,
        exp: T0 / 1_000 + 3_600,
      });
      expect(await instance.tokens.verify(issued.token)).toEqual(CLAIMS);
    });

    it('gives every token its own 128-bit jti', async () => {
      const ids = new Set<unknown>();
      for (let i = 0; i < 20; i++)
        ids.add(decodeJwt((await instance.tokens.issue(USER)).token).jti);
      expect(ids.size).toBe(20);
      for (const id of ids) expect(Buffer.from(String(id), 'base64url')).toHaveLength(16);
    });

    it('takes issuer, audience and lifetime from its settings', async () => {
      const other = await startInstance({
        settings: { issuer: 'https://id.example.org', audience: 'gateway', ttlSeconds: 600 },
      });
      const issued = await other.tokens.issue(USER);
      expect(issued.expiresIn).toBe(600);
      expect(decodeJwt(issued.token)).toMatchObject({
        iss: 'https://id.example.org',
        aud: 'gateway',
        exp: T0 / 1_000 + 600,
      });
      expect(await other.tokens.verify(issued.token)).toMatchObject({ expiresAt: T0 + 600_000 });
      expect(await instance.tokens.verify(issued.token)).toBeNull();
      other.ring.stop();
    });

    it('issues only for snowflake ids', async () => {
      await expect(instance.tokens.issue({ userId: 'ada', sessionId: '1' })).rejects.toThrow(
        TypeError,
      );
      await expect(instance.tokens.issue({ userId: '1', sessionId: '' })).rejects.toThrow(
        TypeError,
      );
    });

    it('refuses to issue a token its own verification would refuse for its length', async () => {
      const longIssuer = await startInstance({
        settings: { issuer: `https://${'a'.repeat(2_000)}.example.com` },
      });
      await expect(longIssuer.tokens.issue(USER)).rejects.toThrow(/longer than 2048/);
      longIssuer.ring.stop();
    });
  });

  it('verifies against the published key set as a gateway would, and publishes no private part', async () => {
    const { token } = await instance.tokens.issue(USER);
    const jwks = await instance.tokens.publicKeys();
    expect(jwks.keys).toHaveLength(2); // the current key and the next one, published early
    for (const key of jwks.keys) {
      expect(Object.keys(key).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
      expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    }
    const { payload, protectedHeader } = await jwtVerify(
      token,
      createLocalJWKSet(jwks as Parameters<typeof createLocalJWKSet>[0]),
      {
        algorithms: ['EdDSA'],
        issuer: SETTINGS.issuer,
        audience: SETTINGS.audience,
        typ: 'at+jwt',
        currentDate: new Date(T0),
      },
    );
    expect(protectedHeader.kid).toBe(kid);
    expect(payload.sid).toBe(USER.sessionId);
  });

  it('accepts a token built like ours by the test signer (the refusals below differ by one thing)', async () => {
    expect(await instance.tokens.verify(await signed())).toMatchObject({
      userId: USER.userId,
      sessionId: USER.sessionId,
    });
  });

  describe('verify refuses, with null', () => {
    it('alg none (an unsecured JWT)', async () => {
      const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const payload = encode(claimsAt(T0));
      for (const alg of ['none', 'None', 'NONE']) {
        const unsigned = `${encode({ alg, kid, typ: 'at+jwt' })}.${payload}.`;
        expect(await instance.tokens.verify(unsigned)).toBeNull();
        expect(await instance.tokens.verify(`${unsigned}AAAA`)).toBeNull();
      }
    });

    it('HS256 signed with the public key (algorithm confusion)', async () => {
      const jwk = (await instance.tokens.publicKeys()).keys.find((key) => key.kid === kid)!;
      const raw = Buffer.from(String(jwk.x), 'base64url');
      const pem = createPublicKey({ key: jwk as never, format: 'jwk' })
        .export({ format: 'pem', type: 'spki' })
        .toString();
      for (const secret of [raw, JSON.stringify(jwk), pem, String(jwk.x)]) {
        const forged = signHs256({ alg: 'HS256', kid, typ: 'at+jwt' }, claimsAt(T0), secret);
        expect(await instance.tokens.verify(forged)).toBeNull();
      }
    });

    it('a kid the ring does not hold, well-formed or not', async () => {
      for (const other of ['24h.20833.7', '24h.99999.0', 'key-1', '', '../../etc/passwd']) {
        expect(await instance.tokens.verify(await signed({ header: { kid: other } }))).toBeNull();
      }
      expect(await instance.tokens.verify(await signed({ header: { kid: 7 } }))).toBeNull();
      const withoutKid = await signEd25519({ alg: 'EdDSA', typ: 'at+jwt' }, claimsAt(T0), signKey);
      expect(await instance.tokens.verify(withoutKid)).toBeNull();
    });

    it.each([
      ['jku', 'https://attacker.example/jwks.json'],
      ['x5u', 'https://attacker.example/cert.pem'],
      ['jwk', { kty: 'OKP', crv: 'Ed25519', x: 'AAAA' }],
      ['x5c', ['MIIB']],
      ['x5t', 'AAAA'],
      ['cty', 'JWT'],
    ])('a %s header, even when the signature is good', async (name, value) => {
      expect(await instance.tokens.verify(await signed({ header: { [name]: value } }))).toBeNull();
    });

    it('a crit header naming an extension, or b64 false', async () => {
      for (const extra of [
        { crit: ['exp'] },
        { crit: ['x-tangle'], 'x-tangle': true },
        { crit: ['b64'], b64: false },
      ]) {
        expect(await instance.tokens.verify(await signed({ header: extra }))).toBeNull();
      }
    });

    it('another audience or issuer', async () => {
      for (const claims of [
        { aud: 'other' },
        { aud: ['other', 'also-other'] },
        { aud: undefined },
        { iss: 'https://auth.example.com/' },
        { iss: 'https://evil.example.com' },
        { iss: undefined },
      ]) {
        expect(await instance.tokens.verify(await signed({ claims }))).toBeNull();
      }
    });

    it('an expired token, past the clock tolerance (and not before)', async () => {
      const token = await signed();
      instance.clock.set(T0 + HOUR + 29_000);
      expect(await instance.tokens.verify(token)).not.toBeNull();
      instance.clock.set(T0 + HOUR + 30_000);
      expect(await instance.tokens.verify(token)).toBeNull();
    });

    it('a token not yet valid: nbf or iat in the future beyond the tolerance (and not within)', async () => {
      const at = (offsetSeconds: number) => Math.floor(T0 / 1_000) + offsetSeconds;
      expect(
        await instance.tokens.verify(await signed({ claims: { nbf: at(30) } })),
      ).not.toBeNull();
      expect(await instance.tokens.verify(await signed({ claims: { nbf: at(31) } }))).toBeNull();
      expect(
        await instance.tokens.verify(await signed({ claims: { iat: at(30) } })),
      ).not.toBeNull();
      expect(await instance.tokens.verify(await signed({ claims: { iat: at(31) } }))).toBeNull();
    });

    it('a token that claims to live longer than the configured lifetime', async () => {
      const token = await signed({ claims: { exp: Math.floor(T0 / 1_000) + 30 * 86_400 } });
      expect(await instance.tokens.verify(token)).not.toBeNull();
      instance.clock.set(T0 + HOUR + 31_000);
      expect(await instance.tokens.verify(token)).toBeNull();
    });

    it('another typ, or none', async () => {
      for (const typ of ['JWT', 'jwt', 'application/jwt', 'at+JWT', undefined]) {
        expect(await instance.tokens.verify(await signed({ header: { typ } }))).toBeNull();
      }
    });

    it('a token signed by a retired key past its validity, even one freshly dated', async () => {
      // Someone who kept the private half of today's key signs with it after it retired.
      const leaked = signKey;
      const retiredAt = 20_834 * DAY + HOUR + 30_000;
      instance.clock.set(retiredAt);
      await instance.ring.refresh();
      const fresh = await signEd25519(header(), claimsAt(retiredAt), leaked);
      expect(await instance.tokens.verify(fresh)).toBeNull();
      expect((await instance.tokens.publicKeys()).keys.map((key) => key.kid)).not.toContain(kid);
      // The same holds before a reload has removed it: the ring checks the key's validity itself.
      const lagging = await startInstance({ store: instance.store, sealer: instance.sealer });
      lagging.clock.set(retiredAt);
      expect(await lagging.tokens.verify(fresh)).toBeNull();
      lagging.ring.stop();
    });

    it('a token dated outside its key’s signing window (a private half used after its period)', async () => {
      const tomorrow = 20_834 * DAY + 6 * HOUR;
      instance.clock.set(tomorrow);
      // Today's key is verify-only tomorrow; a token it "signs" tomorrow does not pass.
      expect(await instance.tokens.verify(await signed({ claims: claimsAt(tomorrow) }))).toBeNull();
      // …whereas one it signed today still does, until it expires.
      instance.clock.set(T0);
      const today = await signed();
      instance.clock.set(20_834 * DAY + 10_000);
      await instance.ring.refresh();
      expect(instance.ring.signingKey()!.kid).toBe('24h.20834.0');
      instance.clock.set(T0 + HOUR - 1_000);
      expect(await instance.tokens.verify(today)).not.toBeNull();
    });

    it('a malformed token, without throwing', async () => {
      const good = await signed();
      const [h, p, s] = good.split('.');
      const encode = (text: string) => Buffer.from(text).toString('base64url');
      for (const token of [
        '',
        'tgl_AAAA',
        'a.b',
        'a.b.c.d',
        `${h}.${p}`,
        `${h}..${s}`,
        `.${p}.${s}`,
        `${h}.${p}.${s}=`,
        `${h}.${p}.${s} `,
        `${h}.${p}.${s.slice(0, -2)}`,
        `${encode('not json')}.${p}.${s}`,
        `${encode('[]')}.${p}.${s}`,
        `${encode('null')}.${p}.${s}`,
        `${h}.${encode('not json')}.${s}`,
        `${h}.${encode('"a string"')}.${s}`,
        `${h}.${encode('[1]')}.${s}`,
        `${h}.${p}.${encode('x'.repeat(64))}`,
      ]) {
        expect(await instance.tokens.verify(token)).toBeNull();
      }
      for (const junk of [undefined, null, 42, {}, ['a.b.c']]) {
        expect(await instance.tokens.verify(junk as unknown as string)).toBeNull();
      }
    });

    it('an over-long token before parsing it, even with a good signature', async () => {
      // The longest padded token within the cap, and the same with one more character.
      let pad = 1_000;
      let under = await signed({ claims: { pad: 'x'.repeat(pad) } });
      let over = under;
      while (over.length <= MAX_ACCESS_TOKEN_LENGTH) {
        under = over;
        over = await signed({ claims: { pad: 'x'.repeat(++pad) } });
      }
      expect(under.length).toBeLessThanOrEqual(MAX_ACCESS_TOKEN_LENGTH);
      expect(over.length).toBeGreaterThan(MAX_ACCESS_TOKEN_LENGTH);
      expect(await instance.tokens.verify(under)).not.toBeNull();
      expect(await instance.tokens.verify(over)).toBeNull();
      expect(await instance.tokens.verify(`${'A'.repeat(1_000_000)}.A.A`)).toBeNull();
    });

    it('a changed payload or signature', async () => {
      const good = await signed();
      const [h, p, s] = good.split('.');
      const otherPayload = await signed({ claims: { sid: '1' } });
      expect(await instance.tokens.verify(`${h}.${otherPayload.split('.')[1]}.${s}`)).toBeNull();
      const flipped = Buffer.from(s, 'base64url');
      flipped[0] ^= 1;
      expect(await instance.tokens.verify(`${h}.${p}.${flipped.toString('base64url')}`)).toBeNull();
    });

    it('a token signed by a key of its own under one of our kids', async () => {
      const { privateKey } = generateKeyPairSync('ed25519');
      const foreign = (await importJWK(
        { ...privateKey.export({ format: 'jwk' }), alg: 'EdDSA' },
        'EdDSA',
      )) as CryptoKey;
      expect(
        await instance.tokens.verify(await signEd25519(header(), claimsAt(T0), foreign)),
      ).toBeNull();
    });

    it('a subject or session that is not a snowflake id, or a missing sid or jti', async () => {
      for (const claims of [
        { sub: 'admin' },
        { sub: 386015308038537216 },
        { sid: '' },
        { sid: undefined },
        { sid: '0' },
        { jti: undefined },
        { jti: 'short' },
        { iat: undefined },
        { exp: undefined },
        { exp: Math.floor(T0 / 1_000) },
      ]) {
        expect(await instance.tokens.verify(await signed({ claims }))).toBeNull();
      }
    });

    it('a token signed by a key that was revoked, once the ring has reloaded', async () => {
      const token = await signed();
      await instance.store.revoke(kid, T0);
      expect(await instance.tokens.verify(token)).not.toBeNull(); // until the next reload
      await instance.ring.refresh();
      expect(await instance.tokens.verify(token)).toBeNull();
      // The replacement signs at once, and its tokens verify.
      const issued = await instance.tokens.issue(USER);
      expect(decodeProtectedHeader(issued.token).kid).toBe('24h.20833.1');
      expect(await instance.tokens.verify(issued.token)).not.toBeNull();
    });
  });

  describe('unknown kids', () => {
    it('reload the ring at most once per interval, however many tokens name them', async () => {
      const store = instance.store as InMemorySigningKeyStore;
      const before = store.lists;
      const forged = await Promise.all(
        Array.from({ length: 50 }, (_, i) => signed({ header: { kid: `24h.${30_000 + i}.0` } })),
      );
      for (const token of forged) expect(await instance.tokens.verify(token)).toBeNull();
      expect(store.lists - before).toBe(1);
      instance.clock.advance(9_999);
      expect(await instance.tokens.verify(forged[0])).toBeNull();
      expect(store.lists - before).toBe(1);
      instance.clock.advance(1);
      expect(await instance.tokens.verify(forged[0])).toBeNull();
      expect(store.lists - before).toBe(2);
      // A kid the store had at the last load (a revoked one, say) never reloads.
      await instance.store.revoke('24h.20834.0', T0);
      await instance.ring.refresh();
      const afterRefresh = store.lists;
      instance.clock.advance(60_000);
      const revoked = await signed({ header: { kid: '24h.20834.0' } });
      expect(await instance.tokens.verify(revoked)).toBeNull();
      expect(store.lists).toBe(afterRefresh);
    });

    it('find a key another instance made since the last reload', async () => {
      const clock = testClock();
      const a = await startInstance({ clock, ring: { unknownKidReloadIntervalMs: 10_000 } });
      const b = await startInstance({ clock, store: a.store, sealer: a.sealer });
      // Instance b revokes today's key and makes its replacement; a has not reloaded yet.
      await a.store.revoke('24h.20833.0', T0);
      await b.ring.refresh();
      const issued = await b.tokens.issue(USER);
      expect(decodeProtectedHeader(issued.token).kid).toBe('24h.20833.1');
      expect(await a.tokens.verify(issued.token)).toEqual(CLAIMS);
      a.ring.stop();
      b.ring.stop();
    });
  });

  describe('looksLikeAccessToken', () => {
    it('tells a JWT from a session token, cheaply', async () => {
      expect(instance.tokens.looksLikeAccessToken((await instance.tokens.issue(USER)).token)).toBe(
        true,
      );
      expect(instance.tokens.looksLikeAccessToken(`tgl_${'A'.repeat(54)}`)).toBe(false);
      expect(instance.tokens.looksLikeAccessToken('a.b')).toBe(false);
      expect(instance.tokens.looksLikeAccessToken('a.b.c.d')).toBe(false);
      expect(instance.tokens.looksLikeAccessToken('a.b.')).toBe(false);
      expect(instance.tokens.looksLikeAccessToken(`a.${'b'.repeat(3_000)}.c`)).toBe(false);
      expect(instance.tokens.looksLikeAccessToken(undefined as unknown as string)).toBe(false);
    });
  });
});
