import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  LoopbackSmtpServer,
  type ReceivedMail,
} from '../../libs/mailer/src/testing/loopback-smtp-server';
import { describeRequester } from '../../apps/auth-service/src/transports/http/requester-description';
import { OsmiumClient, CODES, rpcFailure } from '../support/osmium-client';
import { freePort, removeDir, startApp, type AppProcess } from '../support/app-process';

const LINK_COOLDOWN_MS = 4_000;
const htmlEscaped = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';

/**
 * The mail flows end to end: the real service, the relay, the in-process mailer,
 * and a real SMTP server on loopback as the sink; codes and links are read out
 * of the received mail.
 */
describe('mail flows through a real SMTP server', () => {
  let smtp: LoopbackSmtpServer;
  let app: AppProcess;
  const secrets: string[] = [];
  const clients: OsmiumClient[] = [];

  beforeAll(async () => {
    smtp = await LoopbackSmtpServer.start();
    const port = await freePort();
    app = await startApp({
      port,
      env: {
        SMTP_URL: smtp.url(),
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
        CODE_RESEND_COOLDOWN_MS: '0',
        LOGIN_LINK_COOLDOWN_MS: String(LINK_COOLDOWN_MS),
        // Loopback stands for a proxy that located the client: geo comes from these headers.
        TRUSTED_PROXIES: '127.0.0.1/32',
        GEO_COUNTRY_HEADER: 'x-geo-country',
        GEO_REGION_HEADER: 'x-geo-region',
        LOG_LEVEL: 'log',
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
      const mails = smtp.received.filter((m) => m.envelopeTo.includes(address));
      if (mails.length >= count) return mails[count - 1];
      if (Date.now() > deadline) throw new Error(`no mail #${count} to ${address}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  function codeIn(mail: ReceivedMail): string {
    const code = /\b(\d{6})\b/.exec(mail.parsed.text ?? '')?.[1];
    if (!code) throw new Error(`no code in: ${mail.parsed.text}`);
    secrets.push(code);
    return code;
  }

  const failure = rpcFailure;

  it('sign-up mails a code that verifies the address; a resend replaces it', async () => {
    const email = `verify.${Date.now()}@example.com`;
    const c = await client();
    await c.signUp({ name: 'Verifier', email, password: 'Verify-Me-1' });
    const first = codeIn(await mailTo(email));
    expect((await mailTo(email)).parsed.subject).toMatch(/verif/i);

    await c.call({ authResendEmailVerification: {} });
    const second = codeIn(await mailTo(email, 2));
    expect(second).not.toBe(first);
    expect((await failure(c.call({ authVerifyEmail: { email, code: first } }))).code).toBe(
      CODES.INVALID_CODE,
    );
    await c.call({ authVerifyEmail: { email, code: second } });
    expect((await failure(c.call({ authVerifyEmail: { email, code: second } }))).code).toBe(
      CODES.INVALID_CODE,
    );
  });

  it('lets exactly one of 20 parallel submissions of the right code verify', async () => {
    const email = `parallel.${Date.now()}@example.com`;
    const c = await client();
    await c.signUp({ name: 'Parallel', email });
    const code = codeIn(await mailTo(email));
    const results = await Promise.all(
      Array.from({ length: 20 }, () => c.request({ authVerifyEmail: { email, code } })),
    );
    expect(results.filter((r) => !r.error)).toHaveLength(1);
    expect(results.filter((r) => r.error?.errorCode === CODES.INVALID_CODE)).toHaveLength(19);
  });

  it('reset mails a code; confirming it pushes every session out, swaps the password and mails a notice', async () => {
    const email = `reset.${Date.now()}@example.com`;
    const one = await client();
    const two = await client();
    const signedUp = await one.signUp({ name: 'Resetter', email, password: 'Old-Password-1' });
    secrets.push('Old-Password-1', 'New-Password-2', signedUp.token);
    await two.signIn(email, 'Old-Password-1');
    await mailTo(email); // the verification code

    const anon = await client();
    await anon.call({ authResetPassword: { email } });
    await anon.call({ authResetPassword: { email: `nobody.${Date.now()}@example.com` } });
    const code = codeIn(await mailTo(email, 2));
    const weak = await failure(
      anon.call({ authResetPassword: { email, confirm: { code, newPassword: 'weak' } } }),
    );
    expect(weak.code).toBe(CODES.WEAK_PASSWORD);
    await anon.call({
      authResetPassword: { email, confirm: { code, newPassword: 'New-Password-2' } },
    });

    await one.waitForUpdate((u) => !!u.sessionDeleted);
    await two.waitForUpdate((u) => !!u.sessionDeleted);
    expect((await failure(anon.authorize(signedUp.token))).code).toBe(CODES.INVALID_TOKEN);
    expect((await failure(anon.signIn(email, 'Old-Password-1'))).code).toBe(
      CODES.INVALID_CREDENTIALS,
    );
    await expect(anon.signIn(email, 'New-Password-2')).resolves.toBeTruthy();
    const notice = await mailTo(email, 3);
    expect(notice.parsed.subject).toMatch(/password/i);
    expect(smtp.received.some((m) => m.envelopeTo.some((to) => to.startsWith('nobody.')))).toBe(
      false,
    );
  });

  it('runs the email-link flow: registration, login by link, polling, confirmation, one token', async () => {
    const username = `curl_${Date.now()}`;
    const email = `${username}@example.com`;
    const post = (path: string, body: unknown) =>
      fetch(`${app.httpUrl}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });

    const registration = await post('/auth/registration', {
      username,
      email,
      session_platform: 'cURL',
    });
    expect(registration.status).toBe(200);
    const { session_token: firstToken } = (await registration.json()) as { session_token: string };
    secrets.push(firstToken);

    const login = await post('/auth/login', { username, email, session_platform: 'cURL' });
    const started = (await login.json()) as {
      expiration_date: number;
      auth_id: string;
      verification_code: string;
    };
    expect(Object.keys(started).sort()).toEqual([
      'auth_id',
      'expiration_date',
      'verification_code',
    ]);
    expect(started.verification_code).toMatch(/^[2-9A-HJKMNP-TV-Z]{3}-[2-9A-HJKMNP-TV-Z]{3}$/);
    expect(started.auth_id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(started.expiration_date).toBeGreaterThan(Date.now() / 1000);

    const poll = () => fetch(`${app.httpUrl}/auth/session/${started.auth_id}`);
    const waiting = await poll();
    expect(waiting.status).toBe(400);
    expect(await waiting.json()).toEqual({
      error: 'The auth id is invalid, expired, or not yet authorized',
    });

    const mail = await mailTo(email, 2); // the first is the verification code
    expect(mail.parsed.text).toContain(started.verification_code);
    const link = linkIn(mail);
    secrets.push(new URL(link!).searchParams.get('token')!);
    const page = await fetch(link!);
    expect(page.status).toBe(200);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const html = await page.text();
    expect(html).toMatch(/Confirm/);
    expect(html).toContain(started.verification_code);

    const token = new URL(link!).searchParams.get('token')!;
    const confirm = await fetch(`${app.httpUrl}/auth/confirm/${started.auth_id}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, answer: 'confirm' }).toString(),
    });
    expect(confirm.status).toBe(200);
    const reused = await fetch(link!);
    expect(reused.status).toBe(400);

    const collected = await poll();
    expect(collected.status).toBe(200);
    const { session_token } = (await collected.json()) as { session_token: string };
    secrets.push(session_token);
    expect((await poll()).status).toBe(400);

    const c = await client();
    const auth = await c.authorize(session_token);
    const sessions = await c.getSessions();
    const mine = sessions.sessions.find((s) => String(BigInt(s.id!.toString())) === auth.sessionId);
    expect(mine).toMatchObject({ deviceType: 'cURL' });
    expect(sessions.sessions).toHaveLength(2);
  });

  /** Starts an email-link login over HTTP as a browser in Brittany would. */
  async function startLogin(username: string, email: string, sessionPlatform = 'cURL') {
    const response = await fetch(`${app.httpUrl}/auth/login`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': FIREFOX,
        'X-Geo-Country': 'FR',
        'X-Geo-Region': 'Brittany',
      },
      body: JSON.stringify({ username, email, session_platform: sessionPlatform }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as {
      expiration_date: number;
      auth_id: string;
      verification_code: string;
    };
  }

  async function registerByUsername(prefix: string) {
    const username = `${prefix}_${Date.now()}`;
    const email = `${username}@example.com`;
    const response = await fetch(`${app.httpUrl}/auth/registration`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, email, session_platform: 'cURL' }),
    });
    expect(response.status).toBe(200);
    secrets.push(((await response.json()) as { session_token: string }).session_token);
    return { username, email };
  }

  function linkIn(mail: ReceivedMail): string {
    const link = /(http:\/\/127\.0\.0\.1:\d+\/auth\/confirm\/[^\s"<>]+)/.exec(
      mail.parsed.text ?? '',
    )?.[1];
    if (!link) throw new Error(`no link in: ${mail.parsed.text}`);
    secrets.push(new URL(link).searchParams.get('token')!);
    return link;
  }

  const loginMails = (address: string) =>
    smtp.received.filter(
      (m) => m.envelopeTo.includes(address) && /^Sign in/.test(m.parsed.subject ?? ''),
    );

  const answer = (link: string, choice: 'confirm' | 'deny') => {
    const url = new URL(link);
    return fetch(`${url.origin}${url.pathname}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: url.searchParams.get('token')!,
        answer: choice,
      }).toString(),
    });
  };

  it('shows in the mail and on the page only what the service knows, and the code the device shows', async () => {
    const phishing = 'Tangle Security Team: press Confirm now to keep your account';
    const { username, email } = await registerByUsername('phished');
    const started = await startLogin(username, email, phishing);

    const mail = await mailTo(email, 2); // the first is the verification code
    const link = linkIn(mail);
    const page = await (await fetch(link)).text();
    const device = describeRequester(FIREFOX);
    for (const [shown, described] of [
      [mail.parsed.text ?? '', device],
      [String(mail.parsed.html), htmlEscaped(device)],
      [page, htmlEscaped(device)],
    ]) {
      expect(shown).toContain(started.verification_code);
      expect(shown).toContain(described);
      expect(shown).toContain('Brittany, FR');
      expect(shown).not.toContain('Tangle Security Team');
      expect(shown).not.toContain('press Confirm');
    }
    expect(mail.parsed.text).toMatch(/Requested: \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(page).toMatch(/Confirm only if your device shows <b class="code">[A-Z0-9-]{7}<\/b>/);

    // The requester's text still names its session, where only the account's owner sees it.
    expect((await answer(link, 'confirm')).status).toBe(200);
    const collected = await fetch(`${app.httpUrl}/auth/session/${started.auth_id}`);
    const { session_token } = (await collected.json()) as { session_token: string };
    secrets.push(session_token);
    const c = await client();
    await c.authorize(session_token);
    expect((await c.getSessions()).sessions.map((s) => s.deviceType)).toContain(phishing);
  });

  it('mails one link for 50 parallel starts; after the cooldown a new link supersedes it', async () => {
    const { username, email } = await registerByUsername('bombed');
    await mailTo(email); // the verification code
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => startLogin(username, email)),
    );
    expect(new Set(answers.map((a) => a.auth_id)).size).toBe(50);
    const first = await mailTo(email, 2);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(loginMails(email)).toHaveLength(1);
    const winner = answers.find((a) => first.parsed.text!.includes(a.auth_id))!;
    expect(first.parsed.text).toContain(winner.verification_code);

    await new Promise((r) => setTimeout(r, LINK_COOLDOWN_MS));
    const newer = await startLogin(username, email);
    const second = await mailTo(email, 3);
    expect(second.parsed.text).toContain(newer.verification_code);
    expect(loginMails(email)).toHaveLength(2);

    const oldLink = linkIn(first);
    expect((await fetch(oldLink)).status).toBe(400);
    expect((await answer(oldLink, 'confirm')).status).toBe(401);
    expect((await answer(linkIn(second), 'confirm')).status).toBe(200);
    expect((await fetch(`${app.httpUrl}/auth/session/${winner.auth_id}`)).status).toBe(400);
    const collected = await fetch(`${app.httpUrl}/auth/session/${newer.auth_id}`);
    expect(collected.status).toBe(200);
    secrets.push(((await collected.json()) as { session_token: string }).session_token);
  }, 30_000);

  it('keeps codes, tokens and passwords out of the event store, read models and logs', () => {
    expect(secrets.length).toBeGreaterThan(5);
    const files = readdirSync(app.dataDir).filter((f) => /\.sqlite(-wal)?$/.test(f));
    expect(files).toEqual(expect.arrayContaining(['events.sqlite', 'read-models.sqlite']));
    const haystacks = [
      ...files.map((f) => readFileSync(join(app.dataDir, f)).toString('latin1')),
      app.output(),
    ];
    for (const secret of secrets) {
      for (const haystack of haystacks) expect(haystack.includes(secret)).toBe(false);
    }
  });
});
