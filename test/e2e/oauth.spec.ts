import { generateKeyPair } from 'jose';
import { LocalIdentityProvider } from '../../libs/platform/src/oauth/testing/local-identity-provider';
import { OsmiumClient } from '../support/osmium-client';
import { removeDir, startApp, type AppProcess } from '../support/app-process';
import { httpPost, type HttpAnswer } from '../support/http-post';

/**
 * Sign-in with a provider end to end: the service started with a local identity provider on
 * loopback standing in for Google (its issuer and JWKS) and for Facebook (its Limited Login
 * key set and Graph API), Apple left unconfigured.
 */
describe('OAuth sign-in over HTTP', () => {
  let idp: LocalIdentityProvider;
  let app: AppProcess;
  const sockets: OsmiumClient[] = [];
  const WEB = 'web-client.apps.example.com';

  beforeAll(async () => {
    idp = await LocalIdentityProvider.start();
    app = await startApp({
      env: {
        OAUTH_GOOGLE_CLIENT_IDS: `${WEB},android-client.apps.example.com`,
        OAUTH_GOOGLE_ISSUER: idp.issuer,
        OAUTH_GOOGLE_JWKS_URL: idp.jwksUrl,
        OAUTH_FACEBOOK_CLIENT_IDS: 'fb-app',
        OAUTH_FACEBOOK_ISSUER: idp.issuer,
        OAUTH_FACEBOOK_JWKS_URL: idp.jwksUrl,
        OAUTH_FACEBOOK_GRAPH_URL: idp.graphUrl,
        OAUTH_FACEBOOK_APP_SECRET: idp.graphAppSecret,
        OAUTH_JWKS_COOLDOWN_MS: '0',
        RATE_LIMITS: 'on',
        RATE_LIMIT_OAUTH_ADDR: '60/1m',
      },
    });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
    expect(await app.stop()).toBe(0);
    removeDir(app.dataDir);
    await idp.close();
  });

  const post = (path: string, body: object, headers: Record<string, string> = {}) =>
    httpPost(app.httpUrl, path, body, headers);

  async function call(method: string, path: string, bearer: string): Promise<HttpAnswer> {
    const response = await fetch(`${app.httpUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${bearer}` },
    });
    return { status: response.status, headers: response.headers, body: await response.json() };
  }

  const google = (claims: Record<string, unknown> = {}) =>
    idp.sign({ aud: WEB, sub: 'g-ada', email: 'ada@example.com', email_verified: true, ...claims });

  function refused(answer: HttpAnswer, status: number, code: string): void {
    expect({
      status: answer.status,
      success: answer.body.success,
      code: answer.body.error?.code,
    }).toEqual({
      status,
      success: false,
      code,
    });
  }

  it('opens an account for a new subject and signs the same subject in again; the access token authorizes on the WebSocket', async () => {
    const first = await post('/auth/oauth/google', {
      idToken: await google({ name: 'Ada Lovelace', given_name: 'Ada', family_name: 'Lovelace' }),
      deviceInfo: { type: 'mobile', platform: 'Android', version: '15' },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      success: true,
      data: {
        user: {
          id: expect.any(String),
          email: 'ada@example.com',
          firstName: 'Ada',
          lastName: 'Lovelace',
          emailVerified: true,
        },
        tokens: { accessToken: expect.any(String), refreshToken: expect.stringMatching(/^tgr_/) },
        mfaRequired: false,
        newAccount: true,
      },
    });
    const again = await post('/auth/oauth/google', { idToken: await google() });
    expect(again.status).toBe(200);
    expect(again.body.data.newAccount).toBe(false);
    expect(again.body.data.user.id).toBe(first.body.data.user.id);

    const socket = await OsmiumClient.connect(app.url);
    sockets.push(socket);
    await socket.initialize();
    const authorized = await socket.authorize(again.body.data.tokens.accessToken);
    expect(authorized.userId).toBe(first.body.data.user.id);
  });

  it('refuses a wrong audience, a wrong issuer, an expired token and a bad signature with 401 INVALID_TOKEN', async () => {
    const now = Math.floor(Date.now() / 1000);
    const { privateKey } = await generateKeyPair('ES256');
    const tokens = [
      await google({ aud: 'someone-elses-client' }),
      await google({ iss: 'https://accounts.example.net' }),
      await google({ iat: now - 7200, exp: now - 3600 }),
      await idp.sign({ aud: WEB, sub: 'g-ada' }, { key: privateKey }),
      'not-a-jwt',
    ];
    for (const idToken of tokens) {
      refused(await post('/auth/oauth/google', { idToken }), 401, 'INVALID_TOKEN');
    }
  });

  it('accepts a token signed with a key the provider rotated in after the key set was cached', async () => {
    await post('/auth/oauth/google', { idToken: await google() });
    const kid = await idp.addKey({ publish: false });
    const token = await google({ sub: 'g-rotated', email: 'rotated@example.com' });
    refused(await post('/auth/oauth/google', { idToken: token }), 401, 'INVALID_TOKEN');
    idp.publish(kid);
    expect((await post('/auth/oauth/google', { idToken: token })).status).toBe(200);
  });

  it('accepts a nonce once', async () => {
    const idToken = await google({ sub: 'g-nonce', email: 'nonce@example.com', nonce: 'n-42' });
    refused(await post('/auth/oauth/google', { idToken }), 401, 'INVALID_TOKEN');
    expect((await post('/auth/oauth/google', { idToken, nonce: 'n-42' })).status).toBe(200);
    refused(await post('/auth/oauth/google', { idToken, nonce: 'n-42' }), 401, 'INVALID_TOKEN');
  });

  it('answers an unconfigured provider 501 and an unknown one 404', async () => {
    refused(
      await post('/auth/oauth/apple', { idToken: await google() }),
      501,
      'PROVIDER_NOT_CONFIGURED',
    );
    refused(await post('/auth/oauth/twitter', { idToken: 'x' }), 404, 'NOT_FOUND');
    refused(await post('/auth/oauth/google', {}), 400, 'INVALID_ARGUMENT');
  });

  it('refuses to link a provider to an account by an address the account never verified', async () => {
    const registered = await post('/auth/register', {
      email: 'grace@example.com',
      password: 'SecurePass123!',
      firstName: 'Grace',
      lastName: 'Hopper',
    });
    expect(registered.status).toBe(201);
    const idToken = await google({ sub: 'g-grace', email: 'grace@example.com' });
    refused(await post('/auth/oauth/google', { idToken }), 409, 'OAUTH_ACCOUNT_EXISTS');
  });

  it('links and unlinks providers for a signed-in user; the last way to sign in stays', async () => {
    const signedIn = await post('/auth/oauth/google', {
      idToken: await google({ sub: 'g-lin', email: 'lin@example.com' }),
    });
    const bearer = signedIn.body.data.tokens.accessToken as string;
    refused(await call('DELETE', '/auth/oauth/google/link', bearer), 409, 'LAST_SIGN_IN_METHOD');

    idp.graphUsers.set('fb-access-token', { appId: 'fb-app', userId: 'fb-lin', name: 'Lin' });
    const linked = await post(
      '/auth/oauth/facebook/link',
      { accessToken: 'fb-access-token' },
      { authorization: `Bearer ${bearer}` },
    );
    expect(linked.status).toBe(200);
    expect(linked.body.data.links.map((link: { provider: string }) => link.provider)).toEqual([
      'google',
      'facebook',
    ]);
    const viaFacebook = await post('/auth/oauth/facebook', { accessToken: 'fb-access-token' });
    expect(viaFacebook.body.data.user.id).toBe(signedIn.body.data.user.id);

    const unlinked = await call('DELETE', '/auth/oauth/google/link', bearer);
    expect(unlinked.status).toBe(200);
    expect(unlinked.body.data.links).toEqual([
      { provider: 'facebook', email: null, privateRelayEmail: false, linkedAt: expect.any(String) },
    ]);
    refused(await call('DELETE', '/auth/oauth/facebook/link', bearer), 409, 'LAST_SIGN_IN_METHOD');
    expect((await call('GET', '/auth/oauth/links', bearer)).body.data.links).toHaveLength(1);
    refused(
      await post('/auth/oauth/facebook/link', { accessToken: 'fb-access-token' }),
      401,
      'UNAUTHORIZED',
    );
  });

  it('is described in the OpenAPI document with its provider names and error codes', async () => {
    const doc = (await (await fetch(`${app.httpUrl}/docs/json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          { parameters?: unknown[]; responses: Record<string, { description: string }> }
        >
      >;
    };
    const signIn = doc.paths['/auth/oauth/{provider}'].post;
    expect(signIn.parameters).toEqual([
      expect.objectContaining({
        name: 'provider',
        in: 'path',
        schema: expect.objectContaining({ enum: ['google', 'apple', 'facebook'] }),
      }),
    ]);
    expect(signIn.responses['409'].description).toMatch(/OAUTH_ACCOUNT_EXISTS \(24\)/);
    expect(signIn.responses['501'].description).toMatch(/PROVIDER_NOT_CONFIGURED \(23\)/);
    expect(doc.paths['/auth/oauth/{provider}/link'].delete.responses['409'].description).toMatch(
      /LAST_SIGN_IN_METHOD \(26\)/,
    );
  });

  it('rate limits the route per address: 429 with Retry-After', async () => {
    let answer: HttpAnswer | null = null;
    for (let i = 0; i < 61; i++) {
      answer = await post('/auth/oauth/google', { idToken: 'not-a-jwt' });
      if (answer.status === 429) break;
    }
    refused(answer!, 429, 'RATE_LIMIT_EXCEEDED');
    expect(Number(answer!.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
