import {
  LoopbackSmtpServer,
  type ReceivedMail,
} from '../../libs/mailer/src/testing/loopback-smtp-server';
import { httpPost, type HttpAnswer } from '../support/http-post';
import { CODES, OsmiumClient, rpcFailure } from '../support/osmium-client';
import { freePort, removeDir, startApp, type AppProcess } from '../support/app-process';

const TAKEOUT_TTL_MS = 4_000;
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';

/**
 * The security history, new-sign-in notices and takeout end to end: the real service over the
 * WebSocket and HTTP, the relay and mailer, a real SMTP server on loopback. Loopback stands for
 * a trusted proxy that located the client, so each request says its country in a header.
 */
describe('security history, new-sign-in notices and takeout', () => {
  let smtp: LoopbackSmtpServer;
  let app: AppProcess;
  const clients: OsmiumClient[] = [];

  beforeAll(async () => {
    smtp = await LoopbackSmtpServer.start();
    const port = await freePort();
    app = await startApp({
      port,
      env: {
        SMTP_URL: smtp.url(),
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
        TRUSTED_PROXIES: '127.0.0.1/32',
        GEO_COUNTRY_HEADER: 'x-geo-country',
        GEO_REGION_HEADER: 'x-geo-region',
        TAKEOUT_LINK_TTL_MS: String(TAKEOUT_TTL_MS),
      },
    });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    expect(await app.stop()).toBe(0);
    await smtp.close();
    removeDir(app.dataDir);
  });

  async function wsClient(country: string): Promise<OsmiumClient> {
    const c = await OsmiumClient.connect(app.url, { 'x-geo-country': country });
    clients.push(c);
    await c.initialize({ deviceType: 'desktop', deviceVersion: 'Linux 6.1' });
    return c;
  }

  const mailsTo = (address: string, subject: RegExp): ReceivedMail[] =>
    smtp.received.filter(
      (m) => m.envelopeTo.includes(address) && subject.test(m.parsed.subject ?? ''),
    );

  async function mailTo(address: string, subject: RegExp, count = 1): Promise<ReceivedMail> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const mails = mailsTo(address, subject);
      if (mails.length >= count) return mails[count - 1];
      if (Date.now() > deadline) throw new Error(`no mail #${count} "${subject}" to ${address}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function history(token: string | null, query = ''): Promise<HttpAnswer> {
    const response = await fetch(`${app.httpUrl}/v1/settings/security-history${query}`, {
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
    });
    return { status: response.status, headers: response.headers, body: await response.json() };
  }

  async function until(condition: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 5_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error('condition not met within 5 s');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const httpSignIn = (email: string, password: string, country: string) =>
    httpPost(
      app.httpUrl,
      '/v1/auth/signIn',
      { email, password },
      {
        'user-agent': FIREFOX,
        'x-geo-country': country,
        'x-geo-region': 'SP',
      },
    );

  const NEW_SIGN_IN = /New sign-in/;
  const TAKEOUT = /data export/;

  it('records sign-ins, a failed one and a revocation, newest first, and mails one notice for a new device and country', async () => {
    const email = `history.${Date.now()}@example.com`;
    const password = 'History-Pass-1';
    const first = await wsClient('DE');
    const up = await first.signUp({ name: 'Hedda', email, password });
    // The same device class in the same country: known.
    const again = await wsClient('DE');
    const known = await again.signIn(email, password);
    // A wrong password over HTTP from Brazil, then the right one: a new device and country.
    expect((await httpSignIn(email, 'Wrong-Pass-1', 'BR')).status).toBe(400);
    // Recorded after the answer: wait for it, so the order below is the order of the calls.
    await until(async () =>
      (await history(up.token)).body.entries.some(
        (e: { kind: string }) => e.kind === 'sign-in-failed',
      ),
    );
    const brazil = await httpSignIn(email, password, 'BR');
    expect(brazil.status).toBe(200);

    const notice = await mailTo(email, NEW_SIGN_IN);
    expect(notice.parsed.text).toContain('Device: Firefox on Linux (web)');
    expect(notice.parsed.text).toContain('Location: SP, BR');
    expect(notice.parsed.text).toContain(`${app.httpUrl}/settings/sessions`);

    await again.revokeSessions([known.sessionId]);
    // Known now: no second notice. The takeout mail after it is the barrier (mails go in order).
    expect((await httpSignIn(email, password, 'BR')).status).toBe(200);
    await first.call({ settingsRequestTakeout: {} });
    await mailTo(email, TAKEOUT);
    expect(mailsTo(email, NEW_SIGN_IN)).toHaveLength(1);

    const page = await history(up.token, '?limit=100');
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.body.nextCursor).toBeNull();
    const kinds = page.body.entries.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual([
      'takeout-requested',
      'sign-in',
      'session-revoked',
      'sign-in',
      'sign-in-failed',
      'sign-in',
      'sign-in',
    ]);
    expect(page.body.entries[2]).toMatchObject({
      sessionId: known.sessionId,
      detail: 'revoked-by-user',
    });
    expect(page.body.entries[3]).toMatchObject({
      sessionId: brazil.body.sessionId,
      device: 'Firefox on Linux (web)',
      country: 'BR',
      region: 'SP',
      detail: 'password',
    });
    expect(page.body.entries[4]).toMatchObject({ kind: 'sign-in-failed', country: 'BR' });
    expect(page.body.entries[6]).toMatchObject({
      sessionId: up.sessionId,
      device: 'Linux 6.1 (desktop)',
      country: 'DE',
      detail: 'sign-up',
    });
    const times = page.body.entries.map((e: { at: string }) => Date.parse(e.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(JSON.stringify(page.body)).not.toMatch(/History-Pass|Wrong-Pass|tgl_|argon2/);
  });

  it('pages with a bounded size; each cursor continues where the page before ended', async () => {
    const email = `pages.${Date.now()}@example.com`;
    const c = await wsClient('DE');
    const up = await c.signUp({ name: 'Pages', email, password: 'Pages-Pass-1' });
    for (let i = 0; i < 4; i++) await c.signIn(email, 'Pages-Pass-1');
    const all = (await history(up.token, '?limit=100')).body.entries;
    expect(all).toHaveLength(5);

    const seen: unknown[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await history(up.token, query);
      expect(page.status).toBe(200);
      expect(page.body.entries.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.entries);
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor !== null);
    expect(pages).toBe(3);
    expect(seen).toEqual(all);

    expect((await history(up.token)).body.entries).toHaveLength(5); // default page size 20
    for (const bad of ['?limit=0', '?limit=101', '?limit=abc', '?cursor=not*a*cursor']) {
      const refused = await history(up.token, bad);
      expect([bad, refused.status, refused.body.error.code]).toEqual([
        bad,
        400,
        'INVALID_ARGUMENT',
      ]);
    }
  });

  it('shows each user only their own history: no bearer, a bad one, or another user’s cursor', async () => {
    const stamp = Date.now();
    const a = await wsClient('DE');
    const alice = await a.signUp({
      name: 'Alice',
      email: `alice.${stamp}@example.com`,
      password: 'Alice-Pass-1',
    });
    await rpcFailure(a.signIn(`alice.${stamp}@example.com`, 'Wrong-Pass-1'));
    const b = await wsClient('FR');
    const bob = await b.signUp({ name: 'Bob', email: `bob.${stamp}@example.com` });

    // The failed sign-in is recorded after its answer: wait for it.
    await until(async () => (await history(alice.token)).body.entries.length === 2);
    const alicePage = await history(alice.token, '?limit=1');
    expect(alicePage.body.nextCursor).toEqual(expect.any(String));
    const bobs = await history(bob.token, `?limit=100&cursor=${alicePage.body.nextCursor}`);
    expect(bobs.status).toBe(200);
    for (const entry of bobs.body.entries) expect(entry.sessionId).not.toBe(alice.sessionId);
    expect((await history(bob.token)).body.entries).toEqual([
      expect.objectContaining({ kind: 'sign-in', sessionId: bob.sessionId, country: 'FR' }),
    ]);

    expect(await history(null)).toMatchObject({
      status: 401,
      body: { error: { code: 'UNAUTHORIZED' } },
    });
    expect(await history('tgl_forged')).toMatchObject({
      status: 401,
      body: { error: { code: 'INVALID_TOKEN' } },
    });
    await b.revokeSessions([bob.sessionId]).catch(() => {});
    expect((await history(bob.token)).status).toBe(401);
  });

  it('mails a takeout link (WebSocket answer ()) that downloads the export, then expires', async () => {
    const email = `takeout.${Date.now()}@example.com`;
    const c = await wsClient('DE');
    const up = await c.signUp({ name: 'Tekla', email, password: 'Takeout-Pass-1' });

    const answer = await c.call({ settingsRequestTakeout: {} });
    expect(answer.error).toBeFalsy();
    expect(answer.result).toBeUndefined();
    const again = await rpcFailure(c.call({ settingsRequestTakeout: {} }));
    expect(again.code).toBe(CODES.RATE_LIMIT_EXCEEDED);

    const mail = await mailTo(email, TAKEOUT);
    const link = /(http:\/\/\S+\/v1\/settings\/takeout\?token=\S+)/.exec(
      mail.parsed.text ?? '',
    )?.[1];
    expect(link).toBeDefined();
    const download = await fetch(link!);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(
      /^attachment; filename=".+\.json"$/,
    );
    expect(download.headers.get('referrer-policy')).toBe('no-referrer');
    const data = (await download.json()) as {
      account: Record<string, unknown>;
      sessions: unknown[];
      securityHistory: { kind: string }[];
    };
    expect(data.account).toMatchObject({ userId: up.userId, email, name: 'Tekla' });
    expect(data.sessions).toEqual([expect.objectContaining({ sessionId: up.sessionId })]);
    expect(data.securityHistory.map((e: { kind: string }) => e.kind)).toEqual([
      'takeout-requested',
      'sign-in',
    ]);
    expect(JSON.stringify(data)).not.toMatch(/Takeout-Pass|tgl_|argon2/);

    const token = new URL(link!).searchParams.get('token')!;
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const bad of [tampered, 'tgx_1_nope', '']) {
      const refused = await fetch(`${app.httpUrl}/v1/settings/takeout?token=${bad}`);
      expect([bad, refused.status]).toEqual([bad, 401]);
    }

    await new Promise((r) => setTimeout(r, TAKEOUT_TTL_MS + 200));
    const expired = await fetch(link!);
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { error: { code: string } }).error.code).toBe(
      'INVALID_TOKEN',
    );
  });

  it('serves settings.requestTakeout over HTTP too, with a bearer only', async () => {
    const email = `takeout.http.${Date.now()}@example.com`;
    const up = await httpPost(app.httpUrl, '/v1/auth/signUp', { name: 'Http', email });
    expect(await httpPost(app.httpUrl, '/v1/settings/requestTakeout', {})).toMatchObject({
      status: 401,
    });
    const answer = await httpPost(
      app.httpUrl,
      '/v1/settings/requestTakeout',
      {},
      {
        authorization: `Bearer ${up.body.token}`,
      },
    );
    expect(answer).toMatchObject({ status: 200, body: {} });
    await mailTo(email, TAKEOUT);
  });
});
