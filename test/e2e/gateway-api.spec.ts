import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  decodeProtectedHeader,
} from 'jose';
import { CODES, OsmiumClient, RpcFailure } from '../support/osmium-client';
import { removeDir, startApp, type AppProcess } from '../support/app-process';
import { httpPost, type HttpAnswer } from '../support/http-post';

/**
 * The gateway API end to end: the register, login and refresh routes with the example
 * requests of the API description sent verbatim, JWT access tokens a gateway verifies
 * offline, refresh-token rotation and reuse, and forged tokens refused.
 */
describe('gateway API over HTTP', () => {
  let app: AppProcess;
  const sockets: OsmiumClient[] = [];

  beforeAll(async () => {
    app = await startApp({ env: { REFRESH_GRACE_MS: '300' } });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.close()));
    expect(await app.stop()).toBe(0);
    removeDir(app.dataDir);
  });

  type Answer = HttpAnswer;
  const post = (path: string, body: string | object, headers: Record<string, string> = {}) =>
    httpPost(app.httpUrl, path, body, headers);

  const authorize = (token: string) => post('/v1/auth/authorize', { token });

  async function socket(): Promise<OsmiumClient> {
    const client = await OsmiumClient.connect(app.url);
    sockets.push(client);
    await client.initialize();
    return client;
  }

  async function register(email: string, password = 'SecurePass123!') {
    const answer = await post('/auth/register', {
      email,
      password,
      firstName: 'Ada',
      lastName: 'Lovelace',
    });
    expect(answer.status).toBe(201);
    return answer.body.data as {
      user: { id: string };
      tokens: { accessToken: string; refreshToken: string; expiresIn: number };
    };
  }

  const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/;

  it('answers the example registration, sent verbatim, in the example shape', async () => {
    const answer = await post(
      '/auth/register',
      `{
    "email": "ahmed@example.com",
    "password": "SecurePass123!",
    "firstName": "Ahmed",
    "lastName": "Mohamed",
    "phone": "+201234567890",
    "accountType": "individual"
  }`,
    );
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({
      success: true,
      data: {
        user: {
          id: expect.stringMatching(/^\d+$/),
          email: 'ahmed@example.com',
          firstName: 'Ahmed',
          lastName: 'Mohamed',
          accountType: 'individual',
          emailVerified: false,
          createdAt: expect.stringMatching(ISO),
        },
        tokens: {
          accessToken: expect.stringMatching(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/),
          refreshToken: expect.stringMatching(/^tgr_[\w-]+$/),
          expiresIn: 3600,
        },
      },
      timestamp: expect.stringMatching(ISO),
      requestId: expect.stringMatching(/^req_[\w-]+$/),
    });
    expect(answer.headers.get('x-request-id')).toBe(answer.body.requestId);
    expect(answer.headers.get('cache-control')).toBe('no-store');

    // The name on the wire is built from first and last name.
    const ws = await socket();
    const resumed = await ws.authorize(answer.body.data.tokens.accessToken);
    expect(resumed.name).toBe('Ahmed Mohamed');
  });

  it('answers the example login, sent verbatim; deviceInfo names the session and rememberMe is kept', async () => {
    const answer = await post(
      '/auth/login',
      `{
    "email": "ahmed@example.com",
    "password": "SecurePass123!",
    "rememberMe": true,
    "deviceInfo": {
      "type": "mobile",
      "platform": "iOS",
      "version": "17.2"
    }
  }`,
      { 'x-request-id': 'gateway-trace-0001' },
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      success: true,
      data: {
        user: {
          id: expect.stringMatching(/^\d+$/),
          email: 'ahmed@example.com',
          firstName: 'Ahmed',
          lastName: 'Mohamed',
          accountType: 'individual',
          emailVerified: false,
          createdAt: expect.stringMatching(ISO),
          lastLogin: expect.stringMatching(ISO),
        },
        tokens: {
          accessToken: expect.any(String),
          refreshToken: expect.stringMatching(/^tgr_/),
          expiresIn: 3600,
        },
        mfaRequired: false,
      },
      timestamp: expect.stringMatching(ISO),
      requestId: 'gateway-trace-0001',
    });

    const ws = await socket();
    await ws.authorize(answer.body.data.tokens.accessToken);
    const { sessions, current } = await ws.getSessions();
    const mine = sessions.find((s) => String(s.id) === current)!;
    expect(mine).toMatchObject({ deviceType: 'mobile', deviceVersion: 'iOS 17.2' });
  });

  it("answers the catalogue's codes in the envelope", async () => {
    const email = `errors.${Date.now()}@example.com`;
    await register(email);
    const expectError = (
      answer: Awaited<ReturnType<typeof post>>,
      status: number,
      code: string,
    ) => {
      expect(answer.status).toBe(status);
      expect(answer.body).toEqual({
        success: false,
        error: {
          code,
          errorCode: CODES[code as keyof typeof CODES],
          message: expect.any(String),
          traceId: answer.body.requestId,
        },
        timestamp: expect.stringMatching(ISO),
        requestId: expect.stringMatching(/^req_/),
      });
    };
    expectError(
      await post('/auth/login', { email, password: 'Wrong-Pass-123' }),
      400,
      'INVALID_CREDENTIALS',
    );
    expectError(
      await post('/auth/register', {
        email,
        password: 'SecurePass123!',
        firstName: 'A',
        lastName: 'B',
      }),
      400,
      'EMAIL_ALREADY_EXISTS',
    );
    expectError(
      await post('/auth/register', {
        email: `w${email}`,
        password: 'Password123!',
        firstName: 'A',
        lastName: 'B',
      }),
      400,
      'WEAK_PASSWORD',
    );
    expectError(
      await post('/auth/refresh', { refreshToken: 'tgr_nonsense' }),
      401,
      'INVALID_TOKEN',
    );
    expectError(await post('/auth/login', { password: 'x' }), 400, 'INVALID_ARGUMENT');
    expectError(
      await post('/auth/register', {
        email: `p${email}`,
        password: 'SecurePass123!',
        firstName: 'A',
        lastName: 'B',
        phone: '12',
      }),
      400,
      'INVALID_ARGUMENT',
    );
  });

  it('issues access tokens a gateway verifies offline against the published key set', async () => {
    const { user, tokens } = await register(`jwks.${Date.now()}@example.com`);
    const jwks = (await (await fetch(`${app.httpUrl}/.well-known/jwks.json`)).json()) as {
      keys: object[];
    };
    const { payload, protectedHeader } = await jwtVerify(
      tokens.accessToken,
      createLocalJWKSet(jwks as never),
      {
        algorithms: ['EdDSA'],
        issuer: app.httpUrl.replace('127.0.0.1', 'localhost'), // PUBLIC_BASE_URL's default
        audience: 'tangle',
        typ: 'at+jwt',
      },
    );
    expect(protectedHeader.kid).toEqual(expect.any(String));
    expect(payload).toMatchObject({
      sub: user.id,
      sid: expect.stringMatching(/^\d+$/),
      jti: expect.any(String),
    });
    expect(payload.exp! - payload.iat!).toBe(3600);
  });

  it("answers a gateway's GET /v1/auth/authorize with a bearer token, and refuses without one", async () => {
    const { user, tokens } = await register(`gateway.${Date.now()}@example.com`);
    const check = async (authorization?: string) => {
      const response = await fetch(`${app.httpUrl}/v1/auth/authorize`, {
        headers: authorization ? { authorization } : {},
      });
      return {
        status: response.status,
        body: (await response.json()) as Answer['body'],
        id: response.headers.get('x-request-id'),
      };
    };
    const ok = await check(`Bearer ${tokens.accessToken}`);
    expect(ok).toMatchObject({
      status: 200,
      body: {
        token: tokens.accessToken,
        user: { id: user.id, name: 'Ada Lovelace' },
        sessionId: expect.stringMatching(/^\d+$/),
      },
      id: expect.stringMatching(/^req_/),
    });
    const missing = await check();
    expect(missing).toMatchObject({
      status: 401,
      body: { success: false, error: { code: 'UNAUTHORIZED' }, requestId: missing.id },
    });
    expect((await check(`Bearer ${tokens.refreshToken}`)).body.error.code).toBe('INVALID_TOKEN');
    expect((await check(`Basic ${tokens.accessToken}`)).status).toBe(401);
  });

  it('rotates the refresh token; the spent one within the grace gets the same successor', async () => {
    const { tokens } = await register(`rotate.${Date.now()}@example.com`);
    const first = await post('/auth/refresh', { refreshToken: tokens.refreshToken });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ success: true, data: { tokens: { expiresIn: 3600 } } });
    const next = first.body.data.tokens;
    expect(next.refreshToken).not.toBe(tokens.refreshToken);
    const again = await post('/auth/refresh', { refreshToken: tokens.refreshToken });
    expect(again.body.data.tokens.refreshToken).toBe(next.refreshToken);
    expect((await authorize(next.accessToken)).status).toBe(200);
  });

  it('ends the session when a spent refresh token comes back, and pushes its socket out', async () => {
    const { tokens } = await register(`reuse.${Date.now()}@example.com`);
    const ws = await socket();
    const signedIn = await ws.authorize(tokens.accessToken);
    const rotated = (await post('/auth/refresh', { refreshToken: tokens.refreshToken })).body.data
      .tokens;
    await new Promise((resolve) => setTimeout(resolve, 400)); // past REFRESH_GRACE_MS

    const replay = await post('/auth/refresh', { refreshToken: tokens.refreshToken });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('INVALID_TOKEN');

    const pushed = await ws.waitForUpdate((u) => !!u.sessionDeleted);
    expect(String(pushed.sessionDeleted!.sessionId)).toBe(signedIn.sessionId);
    const refused = await ws.getSessions().catch((error: RpcFailure) => error);
    expect((refused as RpcFailure).code).toBe(CODES.UNAUTHORIZED);
    // The whole family is gone: the newer refresh token and every access token.
    expect((await post('/auth/refresh', { refreshToken: rotated.refreshToken })).status).toBe(401);
    expect((await authorize(rotated.accessToken)).status).toBe(401);
    expect((await authorize(tokens.accessToken)).status).toBe(401);
  });

  describe('refuses forged and misused tokens', () => {
    let real: { accessToken: string; refreshToken: string };
    let header: { kid?: string };
    let jwk: { x: string };

    beforeAll(async () => {
      real = (await register(`forge.${Date.now()}@example.com`)).tokens;
      header = decodeProtectedHeader(real.accessToken);
      jwk = (
        (await (await fetch(`${app.httpUrl}/.well-known/jwks.json`)).json()) as {
          keys: Array<{ kid: string; x: string }>;
        }
      ).keys.find((k) => k.kid === header.kid)!;
    });

    const payloadOf = (token: string) =>
      JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<
        string,
        unknown
      >;
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

    async function selfSigned(extraHeader: object = {}, claims: object = {}) {
      const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
      const token = await new SignJWT({ ...payloadOf(real.accessToken), ...claims })
        .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid: header.kid, ...extraHeader })
        .sign(privateKey);
      return { token, publicJwk: await exportJWK(publicKey) };
    }

    it('accepts the real one (the control)', async () => {
      expect((await authorize(real.accessToken)).status).toBe(200);
    });

    it('alg none', async () => {
      const token = `${b64({ alg: 'none', typ: 'at+jwt', kid: header.kid })}.${b64(payloadOf(real.accessToken))}.`;
      expect((await authorize(token)).status).toBe(401);
    });

    it('HS256 signed with the published public key', async () => {
      const secret = Buffer.from(jwk.x, 'base64url');
      const token = await new SignJWT(payloadOf(real.accessToken))
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: header.kid })
        .sign(secret);
      expect((await authorize(token)).status).toBe(401);
    });

    it("another key under the service's kid, an unknown kid, and keys named by jwk or jku", async () => {
      expect((await authorize((await selfSigned()).token)).status).toBe(401);
      expect((await authorize((await selfSigned({ kid: '24h.99999.0' })).token)).status).toBe(401);
      const embedded = await selfSigned();
      expect((await authorize((await selfSigned({ jwk: embedded.publicJwk })).token)).status).toBe(
        401,
      );
      expect(
        (await authorize((await selfSigned({ jku: 'http://127.0.0.1:1/jwks.json' })).token)).status,
      ).toBe(401);
    });

    it('a real token with its claims changed (another user, another audience)', async () => {
      const [h, , s] = real.accessToken.split('.');
      for (const change of [
        { sub: '1' },
        { aud: 'other' },
        { iss: 'https://evil.example' },
        { exp: 4_102_444_800 },
      ]) {
        const token = `${h}.${b64({ ...payloadOf(real.accessToken), ...change })}.${s}`;
        expect((await authorize(token)).status).toBe(401);
      }
    });

    it('a refresh token used as an access token, and an access token used to refresh', async () => {
      const asAccess = await authorize(real.refreshToken);
      expect(asAccess.status).toBe(401);
      expect(asAccess.body.error.code).toBe('INVALID_TOKEN');
      expect((await post('/auth/refresh', { refreshToken: real.accessToken })).status).toBe(400);
    });
  });
});
