import {
  LoopbackSmtpServer,
  type ReceivedMail,
} from '../../libs/mailer/src/testing/loopback-smtp-server';
import { OsmiumClient } from '../support/osmium-client';
import { freePort, removeDir, startApp, type AppProcess } from '../support/app-process';

/** Every Osmium RPC over HTTP: protobuf JSON in and out, the same commands and error catalogue. */
describe('HTTP/JSON API: POST /v1/<namespace>/<method>', () => {
  let app: AppProcess;
  let smtp: LoopbackSmtpServer;

  beforeAll(async () => {
    smtp = await LoopbackSmtpServer.start();
    const port = await freePort();
    app = await startApp({
      port,
      env: { SMTP_URL: smtp.url(), CODE_RESEND_COOLDOWN_MS: '0' },
    });
  }, 60_000);

  afterAll(async () => {
    // Ctrl-C in a terminal: the same clean shutdown as SIGTERM.
    expect(await app.stop('SIGINT')).toBe(0);
    await smtp.close();
    removeDir(app.dataDir);
  });

  async function post(
    path: string,
    body: unknown,
    token?: string,
    headers: Record<string, string> = {},
  ) {
    const response = await fetch(`${app.httpUrl}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies are checked by the assertions
    return { status: response.status, body: (text ? JSON.parse(text) : null) as any };
  }

  const refused = (status: number, name: string, message?: RegExp) => ({
    status,
    body: {
      success: false,
      error: {
        code: name,
        errorCode: expect.any(Number),
        message: message ? expect.stringMatching(message) : expect.any(String),
        traceId: expect.stringMatching(/^req_/),
      },
      timestamp: expect.any(String),
      requestId: expect.stringMatching(/^req_/),
    },
  });

  async function mailTo(address: string, count = 1): Promise<ReceivedMail> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const mails = smtp.received.filter((m) => m.envelopeTo.includes(address));
      if (mails.length >= count) return mails[count - 1];
      if (Date.now() > deadline) throw new Error(`no mail #${count} to ${address}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  function codeIn(mail: ReceivedMail): string {
    const code = /\b(\d{6})\b/.exec(mail.parsed.text ?? '')?.[1];
    if (!code) throw new Error(`no code in: ${mail.parsed.text}`);
    return code;
  }

  let seq = 0;
  const newEmail = (what: string) => `${what}.${Date.now()}.${++seq}@example.com`;

  it('auth.signUp: an Authorization in protobuf JSON; the device from X-Client-* headers', async () => {
    const email = newEmail('up');
    const up = await post(
      '/v1/auth/signUp',
      { name: 'Web User', email, password: 'Browser-Pass-1' },
      undefined,
      {
        'x-client-device-type': 'desktop',
        'x-client-device-version': 'Tauri 2',
        'x-client-id': '7',
      },
    );
    expect(up).toEqual({
      status: 200,
      body: {
        token: expect.stringMatching(/^tgl_/),
        user: { id: expect.stringMatching(/^\d+$/), name: 'Web User', bot: false },
        sessionId: expect.stringMatching(/^\d+$/),
      },
    });
    const list = await post('/v1/auth/getSessions', {}, up.body.token);
    expect(list.body.sessions).toEqual([
      expect.objectContaining({ clientId: 7, deviceType: 'desktop', deviceVersion: 'Tauri 2' }),
    ]);
    expect(
      await post('/v1/auth/signUp', { name: 'Again', email, password: 'Browser-Pass-1' }),
    ).toMatchObject(refused(400, 'EMAIL_ALREADY_EXISTS'));
    expect(
      await post('/v1/auth/signUp', {
        name: 'Weak',
        email: newEmail('weak'),
        password: 'weakpassword',
      }),
    ).toMatchObject(refused(400, 'WEAK_PASSWORD', /uppercase/));
    expect(
      await post('/v1/auth/signUp', { name: 'H' }, undefined, { 'x-client-id': 'seven' }),
    ).toMatchObject(
      refused(400, 'INVALID_ARGUMENT', /X-Client-Id must be an unsigned 32-bit integer/),
    );
  });

  it('auth.signIn: by email (any case) and password; a wrong one is INVALID_CREDENTIALS', async () => {
    const email = newEmail('in');
    await post('/v1/auth/signUp', { name: 'In', email, password: 'Correct-Horse-1' });
    const signedIn = await post('/v1/auth/signIn', {
      email: email.toUpperCase(),
      password: 'Correct-Horse-1',
    });
    expect(signedIn).toMatchObject({
      status: 200,
      body: { token: expect.stringMatching(/^tgl_/) },
    });
    expect(await post('/v1/auth/signIn', { email, password: 'Wrong-Horse-1' })).toMatchObject(
      refused(400, 'INVALID_CREDENTIALS'),
    );
  });

  it('auth.authorize: resumes a session from its token; a bad token is INVALID_TOKEN (401)', async () => {
    const up = await post('/v1/auth/signUp', { name: 'Auth' });
    const again = await post('/v1/auth/authorize', { token: up.body.token });
    expect(again).toEqual({ status: 200, body: up.body });
    expect(await post('/v1/auth/authorize', { token: 'tgl_nope' })).toMatchObject(
      refused(401, 'INVALID_TOKEN'),
    );
  });

  it('auth.getSessions: needs a bearer (a session token or a JWT access token)', async () => {
    const up = await post('/v1/auth/signUp', { name: 'Lister' });
    // No body at all is the empty message.
    const response = await fetch(`${app.httpUrl}/v1/auth/getSessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${up.body.token}` },
    });
    expect(response.status).toBe(200);
    const list = (await response.json()) as { current: string; sessions: Array<{ id: string }> };
    expect(list.current).toBe(up.body.sessionId);
    expect(list.sessions.map((s) => s.id)).toEqual([up.body.sessionId]);
    // A JWT access token from the gateway API's login speaks for its session too.
    const email = newEmail('jwt');
    await post('/v1/auth/signUp', { name: 'Jwt', email, password: 'Access-Token-1' });
    const login = await post('/auth/login', { email, password: 'Access-Token-1' });
    const accessToken = login.body.data.tokens.accessToken as string;
    expect(accessToken).toMatch(/^ey/);
    const byJwt = await post('/v1/auth/getSessions', {}, accessToken);
    expect(byJwt.status).toBe(200);
    expect(byJwt.body.sessions).toHaveLength(2);
    expect(await post('/v1/auth/getSessions', {})).toMatchObject(refused(401, 'UNAUTHORIZED'));
    expect(await post('/v1/auth/getSessions', {}, 'tgl_nope')).toMatchObject(
      refused(401, 'INVALID_TOKEN'),
    );
    expect(
      await post('/v1/auth/getSessions', {}, undefined, { authorization: 'Basic eDp5' }),
    ).toMatchObject(refused(401, 'UNAUTHORIZED'));
  });

  it('auth.revokeSessions: session ids as decimal strings; a revoked session is pushed out of its WebSocket', async () => {
    const email = newEmail('revoke');
    const up = await post('/v1/auth/signUp', {
      name: 'Revoker',
      email,
      password: 'Browser-Pass-1',
    });
    const ws = await OsmiumClient.connect(app.url);
    await ws.initialize({ deviceType: 'desktop' });
    const wsAuth = await ws.signIn(email, 'Browser-Pass-1');

    expect(
      await post('/v1/auth/revokeSessions', { sessionIds: [wsAuth.sessionId] }, up.body.token),
    ).toEqual({
      status: 200,
      body: {},
    });
    await ws.waitForUpdate((u) => !!u.sessionDeleted);
    expect(await post('/v1/auth/authorize', { token: wsAuth.token })).toMatchObject(
      refused(401, 'INVALID_TOKEN'),
    );
    expect(await post('/v1/auth/revokeSessions', { session_ids: ['12'] })).toMatchObject(
      refused(401, 'UNAUTHORIZED'),
    );
    expect(await post('/v1/auth/revokeSessions', { session_ids: 12 }, up.body.token)).toMatchObject(
      refused(400, 'INVALID_ARGUMENT', /^.*session_ids must be an array, not a number$/),
    );
    await ws.close();
  });

  it('auth.resendEmailVerification and auth.verifyEmail: the mailed code verifies, a wrong one is INVALID_CODE', async () => {
    const email = newEmail('verify');
    const up = await post('/v1/auth/signUp', { name: 'Verifier', email, password: 'Verify-Me-1' });
    await mailTo(email);
    // Signed in, the address may be left out; a bearer is optional on this method.
    expect(await post('/v1/auth/resendEmailVerification', {}, up.body.token)).toEqual({
      status: 200,
      body: {},
    });
    const code = codeIn(await mailTo(email, 2));
    const wrong = code === '000000' ? '111111' : '000000';
    expect(await post('/v1/auth/verifyEmail', { email, code: wrong })).toMatchObject(
      refused(400, 'INVALID_CODE'),
    );
    expect(await post('/v1/auth/verifyEmail', { email, code })).toEqual({ status: 200, body: {} });
    expect(await post('/v1/auth/resendEmailVerification', {})).toMatchObject(
      refused(401, 'UNAUTHORIZED'),
    );
  });

  it('auth.resetPassword: a code by mail, then the new password with it (snake_case accepted)', async () => {
    const email = newEmail('reset');
    await post('/v1/auth/signUp', { name: 'Resetter', email, password: 'Old-Password-1' });
    await mailTo(email); // the verification code
    expect(await post('/v1/auth/resetPassword', { email })).toEqual({ status: 200, body: {} });
    const code = codeIn(await mailTo(email, 2));
    expect(
      await post('/v1/auth/resetPassword', { email, confirm: { code, new_password: 'weak' } }),
    ).toMatchObject(refused(400, 'WEAK_PASSWORD'));
    expect(
      await post('/v1/auth/resetPassword', {
        email,
        confirm: { code, new_password: 'New-Password-2' },
      }),
    ).toEqual({ status: 200, body: {} });
    expect(await post('/v1/auth/signIn', { email, password: 'New-Password-2' })).toMatchObject({
      status: 200,
    });
  });

  it('refuses bodies that do not follow the JSON mapping, naming the field', async () => {
    expect(await post('/v1/auth/signUp', { name: 'x', unexpected: true })).toMatchObject(
      refused(400, 'INVALID_ARGUMENT', /unknown field "unexpected" in SignUp/),
    );
    expect(await post('/v1/auth/signUp', { name: 42 })).toMatchObject(
      refused(400, 'INVALID_ARGUMENT', /name must be a string, not a number/),
    );
    expect(await post('/v1/auth/signUp', '[1,2]')).toMatchObject(
      refused(400, 'INVALID_ARGUMENT', /the body must be a JSON object/),
    );
    expect(await post('/v1/auth/signUp', '{not json')).toMatchObject(
      refused(400, 'INVALID_ARGUMENT'),
    );
  });

  it('serves no route for connection-only methods or other services', async () => {
    expect(await post('/v1/core/initialize', {})).toMatchObject(refused(404, 'NOT_FOUND'));
    expect(await post('/v1/chats/sendMessage', {})).toMatchObject(refused(404, 'NOT_FOUND'));
    // Whatever the namespace, answers under /v1 are not cached.
    const other = await fetch(`${app.httpUrl}/v1/settings/setupTotp`, { method: 'POST' });
    expect(other.headers.get('cache-control')).toBe('no-store');
    const old = await post('/v1/auth/sign-up', { name: 'Old' });
    expect(old).toMatchObject(refused(404, 'NOT_FOUND'));
  });

  it('serves the OpenAPI 3 document at /docs/json and the Swagger UI at /docs', async () => {
    const page = await fetch(`${app.httpUrl}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<div id="swagger-ui">');
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    // The page's scripts and styles are served, under the same policy (no inline script).
    for (const src of html.match(/(?:src|href)="[^"]+"/g) ?? []) {
      const asset = await fetch(new URL(src.split('"')[1], `${app.httpUrl}/docs`));
      expect(asset.status).toBe(200);
      expect((await asset.text()).length).toBeGreaterThan(0);
    }
    expect(html).not.toMatch(/<script>/);

    const json = await fetch(`${app.httpUrl}/docs/json`);
    expect(json.status).toBe(200);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- checked below
    const doc = (await json.json()) as any;
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info).toMatchObject({ title: 'Tangle Auth', version: expect.any(String) });
    const rpc = [
      'signUp',
      'signIn',
      'authorize',
      'getSessions',
      'revokeSessions',
      'verifyEmail',
      'resendEmailVerification',
      'resetPassword',
      'lookupInvite',
      'useInvite',
    ];
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        ...rpc.map((m) => `/v1/auth/${m}`),
        '/v1/settings/setupTotp',
        ...['createChatInvite', 'listChatInvites', 'deleteChatInvite'].map((m) => `/v1/chats/${m}`),
        '/i/{code}',
        '/auth/registration',
        '/auth/register',
        '/auth/login',
        '/auth/login/mfa',
        '/auth/refresh',
        '/auth/session/{authId}',
        '/auth/confirm/{authId}',
        '/auth/oauth/{provider}',
        '/auth/oauth/{provider}/link',
        '/auth/oauth/links',
        '/auth/qr',
        '/auth/qr/{ticketId}',
        '/auth/qr/{ticketId}/answer',
        '/healthz',
        '/readyz',
        '/.well-known/jwks.json',
        '/v1/settings/deleteAccount',
        '/v1/settings/requestTakeout',
        '/v1/settings/security-history',
        '/v1/settings/takeout',
        '/auth/passkeys',
        '/auth/passkeys/{id}',
        '/auth/passkeys/registration',
        '/auth/passkeys/registration/options',
        '/auth/passkeys/sign-in',
        '/auth/passkeys/sign-in/options',
        '/v1/settings/getAccount',
        '/v1/settings/changePassword',
        '/v1/settings/changeEmail',
        '/settings/email/undo/{userId}',
      ].sort(),
    );
    expect(doc.paths['/auth/passkeys/registration'].post.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/auth/passkeys/sign-in'].post.security).toBeUndefined();
    expect(doc.paths['/v1/settings/security-history'].get.security).toEqual([{ bearer: [] }]);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const signUp = doc.paths['/v1/auth/signUp'].post;
    expect(signUp.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/tangle.client.auth.SignUp',
    });
    expect(signUp.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/tangle.client.auth.Authorization',
    });
    expect(signUp.responses['400'].description).toMatch(/EMAIL_ALREADY_EXISTS \(3\)/);
    expect(doc.components.schemas.Error.properties).toHaveProperty('requestId');
    expect(doc.paths['/v1/auth/getSessions'].post.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/v1/settings/setupTotp'].post.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/auth/session/{authId}'].post).toBeDefined();
    expect(doc.paths['/v1/auth/authorize'].get).toMatchObject({
      security: [{ bearer: [] }],
      responses: doc.paths['/v1/auth/authorize'].post.responses,
    });
    expect(Object.keys(doc.paths['/v1/auth/getSessions'].post.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '409', '429', '500', '503']),
    );
    expect(
      doc.components.schemas['tangle.client.auth.Session'].properties.lastActive,
    ).toMatchObject({
      type: 'string',
      format: 'uint64',
    });
    // Every $ref points at a schema the document holds.
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) {
      const name = ref.slice('"$ref":"#/components/schemas/'.length, -1);
      expect(doc.components.schemas).toHaveProperty([name]);
    }
  });
});
