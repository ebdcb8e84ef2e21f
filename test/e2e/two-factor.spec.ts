import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSync } from 'otplib';
import type { settings } from '@tangle/protocol';
import { CODES, OsmiumClient, rpcFailure } from '../support/osmium-client';
import { removeDir, startApp, type AppProcess } from '../support/app-process';
import { httpPost } from '../support/http-post';

const PASSWORD = 'Correct-Horse-1';
const TICKET_TTL_MS = 3_000;

/** The code of the time step `steps` away from now, for the secret of an otpauth:// URL. */
function codeFor(url: string, steps = 0): string {
  const secret = new URL(url).searchParams.get('secret')!;
  return generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });
}

/**
 * Two-factor sign-in end to end over the WebSocket and HTTP: setup and its wrong code, sign-in
 * without and with a code, replayed and used codes, fifty parallel sign-ins with one code,
 * turning it off, the gateway's MFA ticket (expiry, reuse) and the email-link poll's code.
 */
describe('two-factor sign-in (TOTP)', () => {
  let app: AppProcess;
  const sockets: OsmiumClient[] = [];
  /** Secrets that must never reach a store or a log line. */
  const secrets: string[] = [];
  let n = 0;

  beforeAll(async () => {
    app = await startApp({
      env: { MFA_TICKET_TTL_MS: String(TICKET_TTL_MS), PRODUCT_NAME: 'Osmium' },
    });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.close()));
    expect(await app.stop()).toBe(0);
    removeDir(app.dataDir);
  });

  const post = (path: string, body: object, headers: Record<string, string> = {}) =>
    httpPost(app.httpUrl, path, body, headers);

  async function socket(): Promise<OsmiumClient> {
    const client = await OsmiumClient.connect(app.url);
    sockets.push(client);
    await client.initialize();
    return client;
  }

  const setupTotp = async (client: OsmiumClient, enabled: boolean, code?: string) =>
    (await client.call({ settingsSetupTotp: { enabled, code } })).totp as settings.Totp;

  const signIn = (client: OsmiumClient, email: string, totp?: string) =>
    client.call({ authSignIn: { email, password: PASSWORD, totp } });

  /** A new account over the WebSocket with TOTP on: its address, URL and backup codes. */
  async function accountWithTotp() {
    const email = `totp${++n}.${Date.now()}@example.com`;
    const client = await socket();
    await client.signUp({ name: 'Ada', email, password: PASSWORD });
    const started = await setupTotp(client, true);
    const url = started.url!;
    secrets.push(new URL(url).searchParams.get('secret')!);
    const enabled = await setupTotp(client, true, codeFor(url));
    const backupCodes = enabled.backupCodes.map((b) => b.code!);
    secrets.push(...backupCodes.map((code) => code.replace('-', '')));
    return { email, url, backupCodes, client };
  }

  it('sets up over the WebSocket: a URL, a wrong code refused, then ten backup codes once', async () => {
    const client = await socket();
    const email = `setup.${Date.now()}@example.com`;
    await client.signUp({ name: 'Ada', email, password: PASSWORD });
    const started = await setupTotp(client, true);
    expect(started.enabled).toBe(false);
    expect(started.url).toMatch(
      new RegExp(`^otpauth://totp/Osmium:${encodeURIComponent(email).replace(/\./g, '\\.')}\\?`),
    );
    expect(new URL(started.url!).searchParams.get('issuer')).toBe('Osmium');
    expect(new URL(started.url!).searchParams.get('secret')).toMatch(/^[A-Z2-7]{32}$/);
    secrets.push(new URL(started.url!).searchParams.get('secret')!);
    expect(started.backupCodes).toEqual([]);

    const wrong = await rpcFailure(setupTotp(client, true, '000000'));
    expect(wrong.code).toBe(CODES.INVALID_CODE);
    const enabled = await setupTotp(client, true, codeFor(started.url!));
    expect(enabled.enabled).toBe(true);
    expect(enabled.url ?? null).toBeNull();
    expect(enabled.backupCodes).toHaveLength(10);
    for (const backup of enabled.backupCodes) {
      expect(backup.code!).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
      expect(backup.used).toBe(false);
      secrets.push(backup.code!.replace('-', ''));
    }
    // Already on: no second secret.
    expect((await rpcFailure(setupTotp(client, true))).code).toBe(CODES.INVALID_ARGUMENT);
  });

  it('signs in over the WebSocket only with a code after the password, and accepts a code once', async () => {
    const { email, url } = await accountWithTotp();
    const client = await socket();
    // A wrong password says nothing about the second factor.
    const wrongPassword = await rpcFailure(
      client.call({ authSignIn: { email, password: 'Wrong-Horse-1' } }),
    );
    expect(wrongPassword.code).toBe(CODES.INVALID_CREDENTIALS);
    const noCode = await rpcFailure(signIn(client, email));
    expect(noCode.code).toBe(CODES.MFA_REQUIRED);
    expect((await rpcFailure(signIn(client, email, '000000'))).code).toBe(CODES.INVALID_CODE);

    const code = codeFor(url, 1);
    const signedIn = await signIn(client, email, code);
    expect(signedIn.authorization?.token).toMatch(/^tgl_/);
    const again = await socket();
    const replayed = await rpcFailure(signIn(again, email, code));
    expect(replayed.code).toBe(CODES.INVALID_CODE);
  });

  it('lets exactly one of fifty parallel sign-ins with the same code through', async () => {
    const { email, url } = await accountWithTotp();
    const code = codeFor(url, 1);
    const clients = await Promise.all(Array.from({ length: 5 }, () => socket()));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => signIn(clients[i % 5], email, code)),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const lost of outcomes) {
      if (lost.status === 'rejected') {
        expect([CODES.INVALID_CODE, CODES.CONFLICT]).toContain(lost.reason.code);
      }
    }
  }, 60_000);

  it('accepts each backup code once, and turns two-factor sign-in off with one', async () => {
    const { email, backupCodes, client } = await accountWithTotp();
    const other = await socket();
    await expect(signIn(other, email, backupCodes[0].toLowerCase())).resolves.toBeDefined();
    expect((await rpcFailure(signIn(other, email, backupCodes[0]))).code).toBe(CODES.INVALID_CODE);

    expect((await rpcFailure(setupTotp(client, false))).code).toBe(CODES.MFA_REQUIRED);
    expect((await rpcFailure(setupTotp(client, false, backupCodes[0]))).code).toBe(
      CODES.INVALID_CODE,
    );
    const off = await setupTotp(client, false, backupCodes[1]);
    expect(off.enabled).toBe(false);
    // Off: the password alone signs in again.
    await expect(other.signIn(email, PASSWORD)).resolves.toMatchObject({ name: 'Ada' });
  });

  it('serves setupTotp and SignIn.totp over the HTTP RPC routes', async () => {
    const email = `http.${Date.now()}@example.com`;
    const signedUp = await post('/v1/auth/signUp', { name: 'Ada', email, password: PASSWORD });
    expect(signedUp.status).toBe(200);
    const bearer = { authorization: `Bearer ${signedUp.body.token}` };
    expect((await post('/v1/settings/setupTotp', { enabled: true })).status).toBe(401);
    const started = await post('/v1/settings/setupTotp', { enabled: true }, bearer);
    expect(started.status).toBe(200);
    expect(started.body).toEqual({
      enabled: false,
      url: expect.stringMatching(/^otpauth:/),
      backupCodes: [],
    });
    secrets.push(new URL(started.body.url).searchParams.get('secret')!);
    const wrong = await post('/v1/settings/setupTotp', { enabled: true, code: '000000' }, bearer);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'INVALID_CODE', errorCode: CODES.INVALID_CODE });
    const enabled = await post(
      '/v1/settings/setupTotp',
      { enabled: true, code: codeFor(started.body.url) },
      bearer,
    );
    expect(enabled.body).toMatchObject({ enabled: true });
    expect(enabled.body.backupCodes).toHaveLength(10);
    secrets.push(...enabled.body.backupCodes.map((b: { code: string }) => b.code.replace('-', '')));

    const noCode = await post('/v1/auth/signIn', { email, password: PASSWORD });
    expect(noCode.status).toBe(401);
    expect(noCode.body.error).toMatchObject({
      code: 'MFA_REQUIRED',
      errorCode: CODES.MFA_REQUIRED,
    });
    const code = codeFor(started.body.url, 1);
    const withCode = await post('/v1/auth/signIn', { email, password: PASSWORD, totp: code });
    expect(withCode.status).toBe(200);
    expect(withCode.body.token).toMatch(/^tgl_/);
    const replayed = await post('/v1/auth/signIn', { email, password: PASSWORD, totp: code });
    expect(replayed.status).toBe(400);
    expect(replayed.body.error.code).toBe('INVALID_CODE');

    const off = await post(
      '/v1/settings/setupTotp',
      { enabled: false, code: enabled.body.backupCodes[4].code },
      bearer,
    );
    expect(off.body).toEqual({ enabled: false, backupCodes: [] });
  });

  describe('the gateway login', () => {
    const login = (email: string, extra: object = {}) =>
      post('/auth/login', { email, password: PASSWORD, rememberMe: true, ...extra });
    const completeMfa = (ticket: string, totp: string) => post('/auth/login/mfa', { ticket, totp });

    it('answers mfaRequired with a ticket that a code completes once', async () => {
      const { email, url } = await accountWithTotp();
      const challenge = await login(email);
      expect(challenge.status).toBe(200);
      expect(challenge.body).toEqual({
        success: true,
        data: { mfaRequired: true, mfaTicket: expect.stringMatching(/^tgm_/), expiresIn: 3 },
        timestamp: expect.any(String),
        requestId: expect.any(String),
      });
      const ticket = challenge.body.data.mfaTicket as string;
      secrets.push(ticket.split('.')[1]);

      const wrong = await completeMfa(ticket, '000000');
      expect(wrong.status).toBe(400);
      expect(wrong.body).toMatchObject({ success: false, error: { code: 'INVALID_CODE' } });
      const done = await completeMfa(ticket, codeFor(url, 1));
      expect(done.status).toBe(200);
      expect(done.body.data).toMatchObject({
        user: { email, lastLogin: expect.any(String) },
        tokens: { accessToken: expect.any(String), refreshToken: expect.stringMatching(/^tgr_/) },
        mfaRequired: false,
      });
      const reused = await completeMfa(ticket, codeFor(url, 1));
      expect(reused.status).toBe(401);
      expect(reused.body.error.code).toBe('INVALID_TOKEN');
    });

    it('refuses an expired ticket, and a forged one', async () => {
      const { email, url } = await accountWithTotp();
      const ticket = (await login(email)).body.data.mfaTicket as string;
      const forged = await completeMfa(`${ticket.slice(0, -2)}xx`, codeFor(url, 1));
      expect(forged.body.error.code).toBe('INVALID_TOKEN');
      await new Promise((resolve) => setTimeout(resolve, TICKET_TTL_MS + 300));
      const expired = await completeMfa(ticket, codeFor(url, 1));
      expect(expired.status).toBe(401);
      expect(expired.body.error.code).toBe('INVALID_TOKEN');
    });

    it('signs in at once with totp in the login body, and never without the password', async () => {
      const { email, backupCodes } = await accountWithTotp();
      const wrongPassword = await post('/auth/login', {
        email,
        password: 'Wrong-Horse-1',
        totp: backupCodes[0],
      });
      expect(wrongPassword.body.error.code).toBe('INVALID_CREDENTIALS');
      const direct = await login(email, { totp: backupCodes[0] });
      expect(direct.body.data).toMatchObject({ mfaRequired: false, tokens: expect.any(Object) });
    });
  });

  it('asks the email-link poll for the code once the link is confirmed', async () => {
    const username = `mfa_${Date.now()}`;
    const email = `${username}@example.com`;
    const registered = await post('/auth/registration', { username, email });
    const token = registered.body.session_token as string;
    const client = await socket();
    await client.authorize(token);
    const started = await setupTotp(client, true);
    await setupTotp(client, true, codeFor(started.url!));

    const login = await post('/auth/login', { username, email, session_platform: 'cURL' });
    const authId = login.body.auth_id as string;
    const poll = () => fetch(`${app.httpUrl}/auth/session/${authId}`);
    expect((await poll()).status).toBe(400);
    const mail = await mailFile(email);
    const link = /(http:\/\/\S+\/auth\/confirm\/[^\s"<>]+)/.exec(mail)![1];
    const confirm = await fetch(`${app.httpUrl}${new URL(link).pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: new URL(link).searchParams.get('token')!,
        answer: 'confirm',
      }),
    });
    expect(confirm.status).toBe(200);

    const needsCode = await poll();
    expect(needsCode.status).toBe(401);
    expect(await needsCode.json()).toMatchObject({ mfa_required: true });
    const withCode = (totp: string) => post(`/auth/session/${authId}`, { totp });
    expect((await withCode('000000')).body.error.code).toBe('INVALID_CODE');
    const collected = await withCode(codeFor(started.url!, 1));
    expect(collected.status).toBe(200);
    expect(collected.body.session_token).toMatch(/^tgl_/);
    expect((await withCode(codeFor(started.url!, 1))).status).toBe(400);
  }, 30_000);

  /** The login mail written to DATA_DIR/mail (embedded mode). */
  async function mailFile(address: string): Promise<string> {
    const dir = join(app.dataDir, 'mail');
    const deadline = Date.now() + 10_000;
    for (;;) {
      let files: string[] = [];
      try {
        files = readdirSync(dir);
      } catch {
        files = [];
      }
      const found = files
        .map((f) => readFileSync(join(dir, f), 'utf8'))
        .find(
          (text) => text.includes(address) && /\/auth\/confirm\//.test(text.replace(/=\r?\n/g, '')),
        );
      if (found) return found.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      if (Date.now() > deadline) throw new Error(`no login mail to ${address}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('keeps TOTP secrets, backup codes and tickets out of the stores and the log', () => {
    expect(secrets.length).toBeGreaterThan(20);
    const files = readdirSync(app.dataDir).filter((f) => /\.sqlite(-wal)?$/.test(f));
    expect(files).toEqual(expect.arrayContaining(['events.sqlite']));
    const haystacks = [
      ...files.map((f) => readFileSync(join(app.dataDir, f)).toString('latin1')),
      app.output(),
    ];
    for (const secret of secrets) {
      for (const haystack of haystacks) expect(haystack.includes(secret)).toBe(false);
    }
  });
});
