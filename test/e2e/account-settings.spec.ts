import {
  LoopbackSmtpServer,
  type ReceivedMail,
} from '../../libs/mailer/src/testing/loopback-smtp-server';
import { httpPost } from '../support/http-post';
import { OsmiumClient, CODES, rpcFailure } from '../support/osmium-client';
import { freePort, removeDir, startApp, type AppProcess } from '../support/app-process';

/**
 * The account settings end to end, over the WebSocket and over HTTP: the real service, the
 * relay, the in-process mailer and a real SMTP server on loopback; codes and links are read
 * out of the received mail.
 */
describe('account settings over the WebSocket and HTTP', () => {
  let smtp: LoopbackSmtpServer;
  let app: AppProcess;
  const clients: OsmiumClient[] = [];
  let n = 0;
  const unique = (name: string) => `${name}.${Date.now()}.${++n}@example.com`;

  beforeAll(async () => {
    smtp = await LoopbackSmtpServer.start();
    const port = await freePort();
    app = await startApp({
      port,
      env: {
        SMTP_URL: smtp.url(),
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
        CODE_RESEND_COOLDOWN_MS: '0',
        // The race below sends 50 verifications from one address.
        RATE_LIMIT_VERIFY_ADDR: '500/15m',
      },
    });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    expect(await app.stop()).toBe(0);
    await smtp.close();
    removeDir(app.dataDir);
  });

  async function client(): Promise<OsmiumClient> {
    const c = await OsmiumClient.connect(app.url);
    clients.push(c);
    await c.initialize();
    return c;
  }

  async function mailTo(address: string, count = 1): Promise<ReceivedMail> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const mails = smtp.received.filter((m) =>
        m.envelopeTo.some((to) => to.toLowerCase() === address.toLowerCase()),
      );
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

  const rpc = (path: string, token: string | null, body: object = {}) =>
    httpPost(
      app.httpUrl,
      `/v1/settings/${path}`,
      body,
      token ? { authorization: `Bearer ${token}` } : {},
    );

  it('settings.getAccount answers the account over both transports, and needs a session', async () => {
    const email = unique('Account');
    const c = await client();
    const ada = await c.signUp({ name: 'Ada', email, password: 'Correct-Horse-1' });
    const account = (await c.call({ settingsGetAccount: {} })).account!;
    expect(account).toMatchObject({ email, confirmed: false, hasPassword: true });
    expect(account.totpEnabled).toBe(false);
    expect(account.pendingDelete).toBe(false);
    await c.call({ authVerifyEmail: { email, code: codeIn(await mailTo(email)) } });
    const overHttp = await rpc('getAccount', ada.token);
    expect(overHttp.status).toBe(200);
    expect(overHttp.body).toEqual({
      email,
      confirmed: true,
      hasPassword: true,
      totpEnabled: false,
      pendingDelete: false,
    });
    expect((await rpc('getAccount', null)).status).toBe(401);
    const anon = await client();
    expect((await rpcFailure(anon.call({ settingsGetAccount: {} }))).code).toBe(CODES.UNAUTHORIZED);
  });

  it('settings.changePassword: wrong current password, policy, revoke_sessions push and the notice mail', async () => {
    const email = unique('Password');
    const one = await client();
    const two = await client();
    await one.signUp({ name: 'Pat', email, password: 'Old-Password-1' });
    await two.signIn(email, 'Old-Password-1');
    await mailTo(email); // the verification code

    const wrong = await rpcFailure(
      one.call({
        settingsChangePassword: { currentPassword: 'Not-It-1', newPassword: 'New-Password-2' },
      }),
    );
    expect(wrong.code).toBe(CODES.INVALID_CREDENTIALS);
    const weak = await rpcFailure(
      one.call({
        settingsChangePassword: { currentPassword: 'Old-Password-1', newPassword: 'password' },
      }),
    );
    expect(weak.code).toBe(CODES.WEAK_PASSWORD);

    await one.call({
      settingsChangePassword: {
        currentPassword: 'Old-Password-1',
        newPassword: 'New-Password-2',
        revokeSessions: true,
      },
    });
    await two.waitForUpdate((u) => !!u.sessionDeleted);
    expect(one.updates.some((u) => !!u.sessionDeleted)).toBe(false);
    expect((await one.call({ settingsGetAccount: {} })).account!.hasPassword).toBe(true);
    const anon = await client();
    expect((await rpcFailure(anon.signIn(email, 'Old-Password-1'))).code).toBe(
      CODES.INVALID_CREDENTIALS,
    );
    await anon.signIn(email, 'New-Password-2');
    const notice = await mailTo(email, 2);
    expect(notice.parsed.subject).toMatch(/password was changed/i);
    expect(notice.parsed.text).not.toMatch(/\b\d{6}\b/);
  });

  it('settings.changePassword over HTTP, and a passwordless account sets its first password with a mailed code', async () => {
    const email = unique('Passwordless');
    const signUp = await httpPost(app.httpUrl, '/v1/auth/signUp', { name: 'Grace', email });
    expect(signUp.status).toBe(200);
    const token = signUp.body.token as string;
    await mailTo(email); // the verification code

    const asked = await rpc('changePassword', token, { newPassword: 'First-Password-3' });
    expect(asked.status).toBe(400);
    expect(asked.body.error).toMatchObject({ code: 'INVALID_CODE' });
    expect(asked.body.error.message).toMatch(/code was mailed.*current_password/);
    const mail = await mailTo(email, 2);
    expect(mail.parsed.subject).toMatch(/set a password/i);
    const code = codeIn(mail);

    const wrongCode = await rpc('changePassword', token, {
      currentPassword: code === '000000' ? '111111' : '000000',
      newPassword: 'First-Password-3',
    });
    expect(wrongCode.body.error).toMatchObject({ code: 'INVALID_CODE' });
    const set = await rpc('changePassword', token, {
      currentPassword: code,
      newPassword: 'First-Password-3',
    });
    expect(set.status).toBe(200);
    expect((await rpc('getAccount', token)).body.hasPassword).toBe(true);
    const signIn = await httpPost(app.httpUrl, '/v1/auth/signIn', {
      email,
      password: 'First-Password-3',
    });
    expect(signIn.status).toBe(200);

    const changed = await rpc('changePassword', token, {
      currentPassword: 'First-Password-3',
      newPassword: 'Second-Password-4',
    });
    expect(changed.status).toBe(200);
    expect((await rpc('changePassword', null, {})).status).toBe(401);
  });

  it('settings.changeEmail: a code to the new address, verifyEmail moves it, the old address can undo it', async () => {
    const oldEmail = unique('Old');
    const newEmail = unique('New');
    const c = await client();
    const other = await client();
    await c.signUp({ name: 'Mover', email: oldEmail, password: 'Mover-Password-1' });
    await other.signIn(oldEmail, 'Mover-Password-1');
    await mailTo(oldEmail);

    await c.call({ settingsChangeEmail: { newEmail } });
    const code = codeIn(await mailTo(newEmail));
    expect((await c.call({ settingsGetAccount: {} })).account!.email).toBe(oldEmail);
    // Without the account's session the code does nothing.
    const anon = await client();
    expect((await rpcFailure(anon.call({ authVerifyEmail: { email: newEmail, code } }))).code).toBe(
      CODES.INVALID_CODE,
    );
    await c.call({ authVerifyEmail: { email: newEmail, code } });
    expect((await c.call({ settingsGetAccount: {} })).account).toMatchObject({
      email: newEmail,
      confirmed: true,
    });
    await anon.signIn(newEmail, 'Mover-Password-1');
    expect((await rpcFailure(anon.signIn(oldEmail, 'Mover-Password-1'))).code).toBe(
      CODES.INVALID_CREDENTIALS,
    );
    // The old address is kept for the account while its undo link works.
    expect(
      (
        await rpcFailure(
          anon.signUp({ name: 'Squatter', email: oldEmail, password: 'Squat-Pass-1' }),
        )
      ).code,
    ).toBe(CODES.EMAIL_ALREADY_EXISTS);

    const notice = await mailTo(oldEmail, 2);
    expect(notice.parsed.subject).toMatch(/email address .* was changed/i);
    const link = /(http:\/\/\S+\/settings\/email\/undo\/\S+)/.exec(notice.parsed.text ?? '')?.[1];
    expect(link).toBeDefined();
    const url = new URL(link!);
    expect(url.origin).toBe(app.httpUrl);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<form method="post"/);
    // Following the link only shows the page: the change still holds.
    expect((await c.call({ settingsGetAccount: {} })).account!.email).toBe(newEmail);

    const forged = await httpPost(app.httpUrl, url.pathname, { token: 'forged' });
    expect(forged.status).toBe(400);
    expect(forged.body.error).toMatchObject({ code: 'INVALID_CODE' });
    const undone = await httpPost(app.httpUrl, url.pathname, {
      token: url.searchParams.get('token'),
    });
    expect(undone.status).toBe(200);
    expect(undone.body).toEqual({ restored: true });
    await c.waitForUpdate((u) => !!u.sessionDeleted);
    await other.waitForUpdate((u) => !!u.sessionDeleted);
    const back = await anon.signIn(oldEmail, 'Mover-Password-1');
    const again = await client();
    await again.authorize(back.token);
    expect((await again.call({ settingsGetAccount: {} })).account!.email).toBe(oldEmail);
    const used = await fetch(url);
    expect(used.status).toBe(400);
  });

  it('settings.changeEmail over HTTP: taken addresses are refused, the code confirms through /v1/auth/verifyEmail', async () => {
    const email = unique('HttpMover');
    const taken = unique('Taken');
    const newEmail = unique('HttpNew');
    const token = (
      await httpPost(app.httpUrl, '/v1/auth/signUp', { name: 'H', email, password: 'Http-Mover-1' })
    ).body.token as string;
    await httpPost(app.httpUrl, '/v1/auth/signUp', {
      name: 'T',
      email: taken,
      password: 'Taken-Pass-1',
    });
    const refused = await rpc('changeEmail', token, { newEmail: taken.toUpperCase() });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'EMAIL_ALREADY_EXISTS' });
    expect((await rpc('changeEmail', null, { newEmail })).status).toBe(401);

    expect((await rpc('changeEmail', token, { newEmail })).status).toBe(200);
    const code = codeIn(await mailTo(newEmail));
    const verified = await httpPost(
      app.httpUrl,
      '/v1/auth/verifyEmail',
      { email: newEmail, code },
      { authorization: `Bearer ${token}` },
    );
    expect(verified.status).toBe(200);
    expect((await rpc('getAccount', token)).body).toMatchObject({
      email: newEmail,
      confirmed: true,
    });
  });

  it('gives one new address to exactly one of two accounts racing for it with 50 parallel verifications', async () => {
    const prize = unique('Prize');
    const a = await client();
    const aEmail = unique('RacerA');
    await a.signUp({ name: 'A', email: aEmail, password: 'Racer-Pass-1' });
    const bToken = (
      await httpPost(app.httpUrl, '/v1/auth/signUp', {
        name: 'B',
        email: unique('RacerB'),
        password: 'Racer-Pass-2',
      })
    ).body.token as string;
    await a.call({ settingsChangeEmail: { newEmail: prize } });
    const aCode = codeIn(await mailTo(prize, 1));
    expect((await rpc('changeEmail', bToken, { newEmail: prize })).status).toBe(200);
    const bCode = codeIn(await mailTo(prize, 2));

    const tries = Array.from({ length: 50 }, (_, i) =>
      i % 2 === 0
        ? a
            .request({ authVerifyEmail: { email: prize, code: aCode } })
            .then((r) => (r.error ? `error ${r.error.errorCode}` : 'A'))
        : httpPost(
            app.httpUrl,
            '/v1/auth/verifyEmail',
            { email: prize, code: bCode },
            { authorization: `Bearer ${bToken}` },
          ).then((r) => (r.status === 200 ? 'B' : `error ${r.body.error.errorCode}`)),
    );
    const outcomes = await Promise.all(tries);
    const wins = outcomes.filter((o) => o === 'A' || o === 'B');
    expect(wins).toHaveLength(1);
    const allowed = [CODES.INVALID_CODE, CODES.EMAIL_ALREADY_EXISTS, CODES.CONFLICT].map(
      (code) => `error ${code}`,
    );
    for (const o of outcomes.filter((o) => o !== wins[0])) expect(allowed).toContain(o);
    const aEmailNow = (await a.call({ settingsGetAccount: {} })).account!.email;
    const bEmailNow = (await rpc('getAccount', bToken)).body.email;
    expect([aEmailNow, bEmailNow].filter((e) => e === prize)).toHaveLength(1);
    expect(wins[0] === 'A' ? aEmailNow : bEmailNow).toBe(prize);
    expect(wins[0] === 'A' ? bEmailNow : aEmailNow).not.toBe(prize);
  });
});
