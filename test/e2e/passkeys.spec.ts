import { removeDir, startApp, type AppProcess } from '../support/app-process';
import { httpPost, type HttpAnswer } from '../support/http-post';
import { SoftAuthenticator } from '../../libs/platform/src/webauthn/soft-authenticator';

/**
 * The passkey ceremonies over HTTP against a software authenticator: the service's real
 * WebAuthn verification runs on what it signs. Registration by a signed-in user, discoverable
 * sign-in, list, rename and removal, and the attacks: replayed and expired challenges, a wrong
 * origin, no user verification, a cloned authenticator's counter, another user's challenge or
 * passkey, parallel answers to one challenge, and the ceremonies' rate limits.
 */
describe('passkeys over HTTP', () => {
  let app: AppProcess;
  let origin: string;

  beforeAll(async () => {
    app = await startApp();
    origin = `http://localhost:${app.port}`;
  }, 60_000);

  afterAll(async () => {
    expect(await app.stop()).toBe(0);
    removeDir(app.dataDir);
  });

  const post = (path: string, body: object = {}, token?: string) =>
    httpPost(app.httpUrl, path, body, token ? { authorization: `Bearer ${token}` } : {});

  async function call(method: string, path: string, token: string, body?: object) {
    const response = await fetch(`${app.httpUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null } as HttpAnswer;
  }

  let accounts = 0;
  async function signUp(): Promise<{ userId: string; token: string }> {
    const answer = await post('/auth/register', {
      email: `passkey-${++accounts}-${Date.now()}@example.com`,
      password: 'SecurePass123!',
      firstName: 'Grace',
      lastName: 'Hopper',
    });
    expect(answer.status).toBe(201);
    return { userId: answer.body.data.user.id, token: answer.body.data.tokens.accessToken };
  }

  async function addPasskey(
    token: string,
    authenticator: SoftAuthenticator,
    name?: string,
  ): Promise<HttpAnswer> {
    const options = await post('/auth/passkeys/registration/options', {}, token);
    expect(options.status).toBe(200);
    const response = authenticator.create(options.body.options);
    return post('/auth/passkeys/registration', { response, ...(name ? { name } : {}) }, token);
  }

  async function signInOptions() {
    const answer = await post('/auth/passkeys/sign-in/options');
    expect(answer.status).toBe(200);
    return answer.body.options as { challenge: string; rpId: string };
  }

  it('adds a named passkey for a signed-in user, and it signs in with no email typed', async () => {
    const user = await signUp();
    const authenticator = new SoftAuthenticator(origin, { backedUp: true });
    const options = await post('/auth/passkeys/registration/options', {}, user.token);
    expect(options.body.options).toMatchObject({
      rp: { id: 'localhost' },
      attestation: 'none',
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    // The user handle is opaque: not the account id.
    expect(Buffer.from(options.body.options.user.id, 'base64url').toString()).not.toContain(
      user.userId,
    );
    const added = await post(
      '/auth/passkeys/registration',
      { response: authenticator.create(options.body.options), name: 'Work laptop' },
      user.token,
    );
    expect(added.status).toBe(201);
    expect(added.body.passkey).toMatchObject({
      name: 'Work laptop',
      deviceType: 'multiDevice',
      backedUp: true,
      transports: ['internal'],
      lastUsedAt: null,
    });

    const challenge = await signInOptions();
    expect(challenge).toMatchObject({ rpId: 'localhost', userVerification: 'required' });
    expect(challenge).not.toHaveProperty('allowCredentials.0');
    const signedIn = await post('/auth/passkeys/sign-in', {
      response: authenticator.get(challenge, 'localhost'),
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.data.user).toEqual({ id: user.userId, name: 'Grace Hopper' });
    const authorized = await post('/v1/auth/authorize', {
      token: signedIn.body.data.tokens.accessToken,
    });
    expect(authorized.status).toBe(200);

    const listed = await call('GET', '/auth/passkeys', user.token);
    expect(listed.body.passkeys).toHaveLength(1);
    expect(listed.body.passkeys[0].lastUsedAt).toEqual(expect.any(String));
  });

  it('refuses a replayed assertion: the challenge is spent', async () => {
    const user = await signUp();
    const authenticator = new SoftAuthenticator(origin, { countless: true });
    expect((await addPasskey(user.token, authenticator)).status).toBe(201);
    const challenge = await signInOptions();
    const response = authenticator.get(challenge, 'localhost');
    expect((await post('/auth/passkeys/sign-in', { response })).status).toBe(200);
    const replayed = await post('/auth/passkeys/sign-in', { response });
    expect(replayed.status).toBe(400);
    expect(replayed.body.error).toMatchObject({ code: 'INVALID_CODE' });
    expect(replayed.body.error.message).toMatch(/already answered/);
    // A fresh signature over the spent challenge is refused as well.
    const again = await post('/auth/passkeys/sign-in', {
      response: authenticator.get(challenge, 'localhost'),
    });
    expect(again.body.error).toMatchObject({ code: 'INVALID_CODE' });
  });

  it('gives one session for 20 parallel answers to one challenge', async () => {
    const user = await signUp();
    const authenticator = new SoftAuthenticator(origin, { countless: true });
    await addPasskey(user.token, authenticator);
    const challenge = await signInOptions();
    const response = authenticator.get(challenge, 'localhost');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => post('/auth/passkeys/sign-in', { response })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status !== 200).map((a) => a.body.error.code)).toEqual(
      Array(19).fill('INVALID_CODE'),
    );
  });

  it('refuses a wrong origin, a missing user verification, a forged challenge and a cloned counter', async () => {
    const user = await signUp();
    const authenticator = new SoftAuthenticator(origin);
    const options = await post('/auth/passkeys/registration/options', {}, user.token);
    const phished = await post(
      '/auth/passkeys/registration',
      {
        response: new SoftAuthenticator(origin).create(options.body.options, {
          origin: 'https://evil.example',
        }),
      },
      user.token,
    );
    expect(phished.status).toBe(400);
    expect(phished.body.error.code).toBe('INVALID_ARGUMENT');
    expect((await addPasskey(user.token, authenticator)).status).toBe(201);

    const wrongOrigin = await post('/auth/passkeys/sign-in', {
      response: authenticator.get(await signInOptions(), 'localhost', {
        origin: 'http://localhost:1',
      }),
    });
    expect(wrongOrigin.status).toBe(400);
    expect(wrongOrigin.body.error).toMatchObject({ code: 'INVALID_CREDENTIALS' });

    const noUv = await post('/auth/passkeys/sign-in', {
      response: authenticator.get(await signInOptions(), 'localhost', { userVerified: false }),
    });
    expect(noUv.body.error).toMatchObject({ code: 'INVALID_CREDENTIALS' });

    const forged = (await signInOptions()).challenge.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    const forgedAnswer = await post('/auth/passkeys/sign-in', {
      response: authenticator.get({ challenge: forged }, 'localhost'),
    });
    expect(forgedAnswer.body.error).toMatchObject({ code: 'INVALID_CODE' });

    const good = await post('/auth/passkeys/sign-in', {
      response: authenticator.get(await signInOptions(), 'localhost'),
    });
    expect(good.status).toBe(200);
    const cloned = await post('/auth/passkeys/sign-in', {
      response: authenticator.get(await signInOptions(), 'localhost', { signCount: 1 }),
    });
    expect(cloned.body.error).toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });

  it("refuses another user's registration challenge, and another user's passkey to rename or remove", async () => {
    const owner = await signUp();
    const stranger = await signUp();
    const authenticator = new SoftAuthenticator(origin);
    const added = await addPasskey(owner.token, authenticator, 'Phone');
    const { id } = added.body.passkey;

    const ownersOptions = await post('/auth/passkeys/registration/options', {}, owner.token);
    const stolen = await post(
      '/auth/passkeys/registration',
      { response: new SoftAuthenticator(origin).create(ownersOptions.body.options) },
      stranger.token,
    );
    expect(stolen.body.error).toMatchObject({ code: 'INVALID_CODE' });

    const removal = await call('DELETE', `/auth/passkeys/${id}`, stranger.token);
    expect(removal.status).toBe(404);
    expect(removal.body.error.code).toBe('NOT_FOUND');
    const rename = await call('PATCH', `/auth/passkeys/${id}`, stranger.token, { name: 'Mine' });
    expect(rename.status).toBe(404);
    expect((await call('GET', '/auth/passkeys', stranger.token)).body.passkeys).toEqual([]);
    const stillSigns = await post('/auth/passkeys/sign-in', {
      response: authenticator.get(await signInOptions(), 'localhost'),
    });
    expect(stillSigns.body.data.user.id).toBe(owner.userId);
  });

  it('renames and removes a passkey; a removed one signs in no more', async () => {
    const user = await signUp();
    const authenticator = new SoftAuthenticator(origin);
    const { id } = (await addPasskey(user.token, authenticator)).body.passkey;
    const renamed = await call('PATCH', `/auth/passkeys/${id}`, user.token, { name: ' Tablet ' });
    expect(renamed.body.passkey.name).toBe('Tablet');
    const bad = await call('PATCH', `/auth/passkeys/${id}`, user.token, { name: 'a\u202eb' });
    expect(bad.body.error.code).toBe('INVALID_ARGUMENT');
    expect((await call('DELETE', `/auth/passkeys/${id}`, user.token)).status).toBe(204);
    expect((await call('GET', '/auth/passkeys', user.token)).body.passkeys).toEqual([]);
    const refused = await post('/auth/passkeys/sign-in', {
      response: authenticator.get(await signInOptions(), 'localhost'),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: 'INVALID_CREDENTIALS',
      message: expect.stringMatching(/passkey not recognised/),
    });
  });

  it('asks for a bearer token to manage passkeys', async () => {
    const answer = await httpPost(app.httpUrl, '/auth/passkeys/registration/options', {});
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('UNAUTHORIZED');
    expect((await call('GET', '/auth/passkeys', 'tgl_forged')).status).toBe(401);
  });
});

describe('passkey challenges expire, and the ceremonies are rate limited', () => {
  let app: AppProcess;
  let origin: string;

  beforeAll(async () => {
    app = await startApp({
      env: {
        PASSKEY_CHALLENGE_TTL_MS: '1000',
        RATE_LIMITS: 'on',
        RATE_LIMIT_PASSKEY_OPTIONS_ADDR: '2/1h',
        RATE_LIMIT_PASSKEY_REGISTER_ACCOUNT: '4/1h',
      },
    });
    origin = `http://localhost:${app.port}`;
  }, 60_000);

  afterAll(async () => {
    expect(await app.stop()).toBe(0);
    removeDir(app.dataDir);
  });

  const post = (path: string, body: object = {}, token?: string) =>
    httpPost(app.httpUrl, path, body, token ? { authorization: `Bearer ${token}` } : {});

  it('refuses an answer after the challenge expired, and options beyond the limits', async () => {
    const registered = await post('/auth/register', {
      email: 'expiry@example.com',
      password: 'SecurePass123!',
      firstName: 'Ada',
      lastName: 'Lovelace',
    });
    const token = registered.body.data.tokens.accessToken as string;
    const authenticator = new SoftAuthenticator(origin);
    const options = await post('/auth/passkeys/registration/options', {}, token);
    const added = await post(
      '/auth/passkeys/registration',
      { response: authenticator.create(options.body.options) },
      token,
    );
    expect(added.status).toBe(201);

    const late = (await post('/auth/passkeys/sign-in/options')).body.options;
    const lateRegistration = await post('/auth/passkeys/registration/options', {}, token);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const expired = await post('/auth/passkeys/sign-in', {
      response: authenticator.get(late, 'localhost'),
    });
    expect(expired.status).toBe(400);
    expect(expired.body.error).toMatchObject({ code: 'INVALID_CODE' });
    expect(expired.body.error.message).toMatch(/expired/);
    const expiredRegistration = await post(
      '/auth/passkeys/registration',
      { response: authenticator.create(lateRegistration.body.options) },
      token,
    );
    expect(expiredRegistration.body.error.message).toMatch(/expired/);

    // Four registration tries were counted for the account: the fifth is refused.
    const fifth = await post('/auth/passkeys/registration/options', {}, token);
    expect(fifth.status).toBe(429);
    expect(fifth.headers.get('retry-after')).toMatch(/^\d+$/);
    // One sign-in challenge was given above; the second passes, the third is refused.
    expect((await post('/auth/passkeys/sign-in/options')).status).toBe(200);
    const limited = await post('/auth/passkeys/sign-in/options');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
  });
});
