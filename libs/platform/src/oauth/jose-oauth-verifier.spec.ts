import { generateKeyPair } from 'jose';
import { AuthError, type ErrorName } from '@tangle/contracts';
import { JoseOAuthVerifier } from './jose-oauth-verifier';
import { OAUTH_DEFAULTS, type OAuthSettings } from './oauth-provider-settings';
import { LocalIdentityProvider } from './testing/local-identity-provider';

/** ID tokens from a local identity provider on loopback: its own keys and JWKS. */
describe('JoseOAuthVerifier against a local identity provider', () => {
  let idp: LocalIdentityProvider;
  let verifier: JoseOAuthVerifier;
  const WEB = 'web-client';
  const IOS = 'ios-client';

  function settings(overrides: Partial<OAuthSettings> = {}): OAuthSettings {
    const endpoints = { issuers: [idp.issuer], jwksUrl: idp.jwksUrl };
    return {
      ...OAUTH_DEFAULTS,
      jwksCooldownMs: 0,
      google: { clientIds: [WEB, IOS], ...endpoints },
      apple: { clientIds: ['com.example.app'], ...endpoints },
      facebook: {
        clientIds: ['fb-app'],
        ...endpoints,
        graphUrl: idp.graphUrl,
        appSecret: idp.graphAppSecret,
      },
      ...overrides,
    };
  }

  beforeEach(async () => {
    idp = await LocalIdentityProvider.start();
    verifier = new JoseOAuthVerifier(settings());
  });
  afterEach(() => idp.close());

  async function refusal(promise: Promise<unknown>): Promise<{ name: ErrorName; detail: string }> {
    const error = await promise.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AuthError);
    return { name: (error as AuthError).errorName, detail: (error as AuthError).detail ?? '' };
  }

  const verifyGoogle = (idToken: string) =>
    verifier.verify('google', { idToken, accessToken: null });

  it('accepts a valid token for any configured client id, with its claims', async () => {
    const web = await idp.sign({
      aud: WEB,
      sub: 'g-1',
      email: 'ada@example.com',
      email_verified: true,
      name: 'Ada Lovelace',
      given_name: 'Ada',
      family_name: 'Lovelace',
      nonce: 'n-1',
    });
    expect(await verifyGoogle(web)).toEqual({
      provider: 'google',
      subject: 'g-1',
      email: 'ada@example.com',
      emailVerified: true,
      privateRelayEmail: false,
      name: 'Ada Lovelace',
      givenName: 'Ada',
      familyName: 'Lovelace',
      nonce: 'n-1',
      expiresAt: expect.any(Number),
    });
    const ios = await idp.sign({ aud: IOS, sub: 'g-2' });
    expect((await verifyGoogle(ios)).subject).toBe('g-2');
  });

  it('refuses a token for another audience', async () => {
    const token = await idp.sign({ aud: 'someone-else' });
    expect(await refusal(verifyGoogle(token))).toEqual({
      name: 'INVALID_TOKEN',
      detail: 'the token was issued for another client',
    });
  });

  it('refuses a token from another issuer', async () => {
    const token = await idp.sign({ aud: WEB, iss: 'https://evil.example.com' });
    expect(await refusal(verifyGoogle(token))).toEqual({
      name: 'INVALID_TOKEN',
      detail: 'the token was issued by another issuer',
    });
  });

  it('refuses an expired token, and one issued in the future or too long ago', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await idp.sign({ aud: WEB, iat: now - 7200, exp: now - 3600 });
    expect(await refusal(verifyGoogle(expired))).toEqual({
      name: 'INVALID_TOKEN',
      detail: 'the token has expired',
    });
    const future = await idp.sign({ aud: WEB, iat: now + 600, exp: now + 4000 });
    expect((await refusal(verifyGoogle(future))).detail).toBe(
      'the token was issued in the future or too long ago',
    );
    const old = await idp.sign({ aud: WEB, iat: now - 2 * 86_400, exp: now + 600 });
    expect((await refusal(verifyGoogle(old))).detail).toBe(
      'the token was issued in the future or too long ago',
    );
  });

  it('refuses a bad signature: another key under a published kid, or a tampered payload', async () => {
    const { privateKey: stranger } = await generateKeyPair('ES256');
    const forged = await idp.sign({ aud: WEB, sub: 'victim' }, { key: stranger });
    expect(await refusal(verifyGoogle(forged))).toEqual({
      name: 'INVALID_TOKEN',
      detail: 'the token signature does not verify',
    });
    const [header, , signature] = (await idp.sign({ aud: WEB, sub: 'me' })).split('.');
    const payload = Buffer.from(
      JSON.stringify({ iss: idp.issuer, aud: WEB, sub: 'victim', iat: 1, exp: 9e9 }),
    ).toString('base64url');
    expect((await refusal(verifyGoogle(`${header}.${payload}.${signature}`))).name).toBe(
      'INVALID_TOKEN',
    );
  });

  it('refuses an unsigned token (alg none) and a missing subject', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({ iss: idp.issuer, aud: WEB, sub: 'x', iat: 1, exp: 9e9 }),
    ).toString('base64url');
    expect((await refusal(verifyGoogle(`${header}.${payload}.`))).name).toBe('INVALID_TOKEN');
    const noSubject = await idp.sign({ aud: WEB, sub: undefined });
    expect((await refusal(verifyGoogle(noSubject))).name).toBe('INVALID_TOKEN');
  });

  it('refuses an unknown kid, then accepts it once the provider publishes it (rotation)', async () => {
    expect((await verifyGoogle(await idp.sign({ aud: WEB }))).subject).toBe('subject-1');
    const fetches = idp.jwksFetches;
    const rotated = await idp.addKey({ publish: false });
    const token = await idp.sign({ aud: WEB, sub: 'after-rotation' }, { kid: rotated });
    expect(await refusal(verifyGoogle(token))).toEqual({
      name: 'INVALID_TOKEN',
      detail: "the token's key is not among the provider's keys",
    });
    expect(idp.jwksFetches).toBe(fetches + 1);
    idp.publish(rotated);
    expect((await verifyGoogle(token)).subject).toBe('after-rotation');
    expect(idp.jwksFetches).toBe(fetches + 2);
  });

  it('serves known kids from the cached key set, and refetches for unknown kids at most once per cooldown', async () => {
    verifier = new JoseOAuthVerifier(settings({ jwksCooldownMs: 60_000 }));
    for (let i = 0; i < 5; i++) await verifyGoogle(await idp.sign({ aud: WEB }));
    expect(idp.jwksFetches).toBe(1);
    const unknown = await idp.addKey({ publish: false });
    const key = idp.keys.find((candidate) => candidate.kid === unknown)!.privateKey;
    for (let i = 0; i < 20; i++) {
      const stray = await idp.sign({ aud: WEB }, { kid: `random-${i}`, key });
      expect((await refusal(verifyGoogle(stray))).name).toBe('INVALID_TOKEN');
    }
    // Within the cooldown of the last fetch, unknown kids cost the provider nothing.
    expect(idp.jwksFetches).toBe(1);
  });

  it('answers UNAVAILABLE when the key set cannot be fetched', async () => {
    idp.failJwksWith = 503;
    expect((await refusal(verifyGoogle(await idp.sign({ aud: WEB })))).name).toBe('UNAVAILABLE');
  });

  it("reads Apple's string booleans and private-relay addresses", async () => {
    const token = await idp.sign({
      aud: 'com.example.app',
      sub: 'a-1',
      email: 'x7q2@privaterelay.appleid.com',
      email_verified: 'true',
      is_private_email: 'true',
    });
    expect(await verifier.verify('apple', { idToken: token, accessToken: null })).toMatchObject({
      subject: 'a-1',
      emailVerified: true,
      privateRelayEmail: true,
      name: null,
    });
    const unverified = await idp.sign({
      aud: 'com.example.app',
      email: 'a@example.com',
      email_verified: 'false',
    });
    expect(
      await verifier.verify('apple', { idToken: unverified, accessToken: null }),
    ).toMatchObject({ emailVerified: false, privateRelayEmail: false });
  });

  it('verifies a Facebook Limited Login ID token, or an access token through debug_token', async () => {
    const idToken = await idp.sign({ aud: 'fb-app', sub: 'fb-1', email: 'f@example.com' });
    expect(await verifier.verify('facebook', { idToken, accessToken: null })).toMatchObject({
      subject: 'fb-1',
      emailVerified: false,
    });
    idp.graphUsers.set('fb-token', {
      appId: 'fb-app',
      userId: 'fb-2',
      name: 'Fay',
      email: 'fay@example.com',
    });
    expect(
      await verifier.verify('facebook', { idToken: null, accessToken: 'fb-token' }),
    ).toMatchObject({
      subject: 'fb-2',
      name: 'Fay',
      email: 'fay@example.com',
      emailVerified: false,
      nonce: null,
    });
  });

  it("refuses a Facebook access token of another app, an invalid one, and one without the app's secret", async () => {
    idp.graphUsers.set('other-app', { appId: 'someone-elses-app', userId: 'fb-3' });
    idp.graphUsers.set('revoked', { appId: 'fb-app', userId: 'fb-4', valid: false });
    for (const accessToken of ['other-app', 'revoked', 'never-issued']) {
      expect(await refusal(verifier.verify('facebook', { idToken: null, accessToken }))).toEqual({
        name: 'INVALID_TOKEN',
        detail: 'the access token is not valid for this app',
      });
    }
    const base = settings();
    const noSecret = new JoseOAuthVerifier({
      ...base,
      facebook: { ...base.facebook, appSecret: null },
    });
    idp.graphUsers.set('fb-token', { appId: 'fb-app', userId: 'fb-2' });
    expect(
      (await refusal(noSecret.verify('facebook', { idToken: null, accessToken: 'fb-token' }))).name,
    ).toBe('PROVIDER_NOT_CONFIGURED');
  });

  it('answers PROVIDER_NOT_CONFIGURED for a provider without client ids', async () => {
    const base = settings();
    const partial = new JoseOAuthVerifier({ ...base, apple: { ...base.apple, clientIds: [] } });
    expect(partial.isConfigured('apple')).toBe(false);
    expect(partial.isConfigured('google')).toBe(true);
    const token = await idp.sign({ aud: 'com.example.app' });
    expect(
      (await refusal(partial.verify('apple', { idToken: token, accessToken: null }))).name,
    ).toBe('PROVIDER_NOT_CONFIGURED');
  });

  it('wants an ID token from Google and Apple', async () => {
    expect(
      (await refusal(verifier.verify('google', { idToken: null, accessToken: 'ya29.x' }))).name,
    ).toBe('INVALID_ARGUMENT');
  });
});
