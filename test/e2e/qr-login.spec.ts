import { httpPost } from '../support/http-post';
import { removeDir, startApp, type AppProcess } from '../support/app-process';

const BASE = 'https://chat.example.test';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';
const TICKETS_PER_ADDRESS = 14;

interface Ticket {
  auth_id: string;
  qr_url: string;
  check_code: string;
  expiration_date: number;
  expires_in: number;
  ticketId: string;
  s: string;
}

/** The whole QR login over HTTP, against the started service. */
describe('QR login from a signed-in device', () => {
  let app: AppProcess;
  let phone: string;
  let bobsPhone: string;

  beforeAll(async () => {
    app = await startApp({
      env: {
        PUBLIC_BASE_URL: BASE,
        RATE_LIMITS: 'on',
        RATE_LIMIT_QR_LOGIN_ADDR: `${TICKETS_PER_ADDRESS}/15m`,
        // Every answer of the suite comes from one address and mostly one account.
        RATE_LIMIT_QR_ANSWER_ADDR: '100/15m',
        RATE_LIMIT_QR_ANSWER_ACCOUNT: '100/15m',
      },
    });
    phone = (await signUp('Ada')).token;
    bobsPhone = (await signUp('Bob')).token;
  }, 60_000);

  afterAll(async () => {
    expect(await app.stop()).toBe(0);
    removeDir(app.dataDir);
  });

  async function signUp(name: string) {
    const answer = await httpPost(app.httpUrl, '/v1/auth/signUp', { name });
    expect(answer.status).toBe(200);
    return answer.body as { token: string; user: { id: string }; sessionId: string };
  }

  async function ask(sessionPlatform = 'Laptop'): Promise<Ticket> {
    const answer = await httpPost(
      app.httpUrl,
      '/auth/qr',
      { session_platform: sessionPlatform },
      { 'user-agent': FIREFOX },
    );
    expect(answer.status).toBe(200);
    const url = new URL(answer.body.qr_url);
    return {
      ...answer.body,
      ticketId: url.pathname.split('/').pop()!,
      s: url.searchParams.get('s')!,
    };
  }

  const answer = (ticket: Ticket, fields: object, token: string | null = phone) =>
    httpPost(
      app.httpUrl,
      `/auth/qr/${ticket.ticketId}/answer`,
      { s: ticket.s, ...fields },
      token ? { authorization: `Bearer ${token}` } : {},
    );
  const approve = (ticket: Ticket, token: string | null = phone) =>
    answer(ticket, { answer: 'approve', check_code: ticket.check_code }, token);

  async function poll(ticket: Ticket, query = '') {
    const response = await fetch(`${app.httpUrl}/auth/session/${ticket.auth_id}${query}`);
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  }

  async function scan(ticket: Ticket, accept: string) {
    const response = await fetch(`${app.httpUrl}/auth/qr/${ticket.ticketId}?s=${ticket.s}`, {
      headers: { accept },
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  async function pageAnswer(ticket: Ticket, form: Record<string, string>) {
    const response = await fetch(`${app.httpUrl}/auth/qr/${ticket.ticketId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ s: ticket.s, ...form }).toString(),
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  it('signs the new device in through the long poll as soon as the phone approves, once', async () => {
    const ticket = await ask();
    expect(ticket).toMatchObject({
      auth_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      qr_url: expect.stringMatching(new RegExp(`^${BASE}/auth/qr/[0-9a-f]{64}\\?s=[\\w-]{43}$`)),
      check_code: expect.stringMatching(/^[2-9A-Z]{3}-[2-9A-Z]{3}$/),
      expires_in: 60,
    });
    expect(ticket.expiration_date * 1000).toBeGreaterThan(Date.now() + 55_000);
    expect(ticket.qr_url).not.toContain(ticket.auth_id);

    const seen = await scan(ticket, 'application/json');
    expect(seen.status).toBe(200);
    expect(JSON.parse(seen.text)).toEqual({
      device: 'Firefox on Linux',
      country: null,
      region: null,
      requested_at: expect.any(Number),
      expiration_date: ticket.expiration_date,
    });
    expect(seen.text).not.toContain(ticket.check_code);

    expect(await poll(ticket)).toEqual({
      status: 400,
      body: { error: 'The auth id is invalid, expired, or not yet authorized' },
    });
    const started = Date.now();
    const waiting = poll(ticket, '?wait=20');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await approve(ticket)).toMatchObject({ status: 200, body: { answer: 'approve' } });
    const collected = await waiting;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(collected).toEqual({
      status: 200,
      body: { session_token: expect.stringMatching(/^tgl_/) },
    });

    // The new session is the phone's account, named by the new device, and it works.
    const authorized = await httpPost(app.httpUrl, '/v1/auth/authorize', {
      token: collected.body.session_token,
    });
    expect(authorized.body.user.name).toBe('Ada');
    const sessions = await httpPost(
      app.httpUrl,
      '/v1/auth/getSessions',
      {},
      {
        authorization: `Bearer ${phone}`,
      },
    );
    expect(sessions.body.sessions).toContainEqual(
      expect.objectContaining({ id: authorized.body.sessionId, deviceType: 'Laptop' }),
    );

    // Handed out once; the used code answers nothing any more.
    expect((await poll(ticket)).status).toBe(400);
    expect((await scan(ticket, 'application/json')).status).toBe(401);
    expect((await approve(ticket, bobsPhone)).body.error.code).toBe('INVALID_TOKEN');
  });

  it('serves a page for a browser that approves with the browser’s own session', async () => {
    const ticket = await ask();
    const page = await scan(ticket, 'text/html,application/xhtml+xml');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.text).toContain('Firefox on Linux');
    expect(page.text).toContain(`action="/auth/qr/${ticket.ticketId}"`);
    expect(page.text).toContain('name="check_code"');
    expect(page.text).not.toContain(ticket.check_code);
    const script = await fetch(`${app.httpUrl}/auth/qr-page.js`);
    expect(script.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(await script.text()).toContain('tangle.session_token');

    const anonymous = await pageAnswer(ticket, {
      answer: 'approve',
      check_code: ticket.check_code,
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.text).toContain('not signed in');
    const wrong = await pageAnswer(ticket, {
      answer: 'approve',
      check_code: 'AAA-AAA',
      access_token: phone,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Wrong code');
    const signedIn = await pageAnswer(ticket, {
      answer: 'approve',
      check_code: ticket.check_code.toLowerCase(),
      access_token: phone,
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.text).toContain('Signed in');
    expect((await poll(ticket)).body.session_token).toMatch(/^tgl_/);
    const again = await scan(ticket, 'text/html');
    expect(again.status).toBe(400);
    expect(again.text).toContain('Code not valid');
  });

  it('refuses wrong check codes, and the third ends the ticket', async () => {
    const ticket = await ask();
    const first = await answer(ticket, { answer: 'approve', check_code: 'AAA-AAA' });
    expect(first.status).toBe(400);
    expect(first.body.error).toMatchObject({
      code: 'INVALID_CODE',
      message: expect.stringMatching(/2 tries left/),
    });
    await answer(ticket, { answer: 'approve', check_code: 'BBB-BBB' });
    const last = await answer(ticket, { answer: 'approve', check_code: 'CCC-CCC' });
    expect(last.body.error.message).toMatch(/no longer works/);
    expect((await approve(ticket)).body.error.code).toBe('INVALID_TOKEN');
    expect((await poll(ticket)).status).toBe(400);
  });

  it('never signs in a denied ticket', async () => {
    const ticket = await ask();
    expect(await answer(ticket, { answer: 'deny' })).toMatchObject({
      status: 200,
      body: { answer: 'deny' },
    });
    expect((await approve(ticket)).status).toBe(401);
    expect((await poll(ticket, '?wait=1')).status).toBe(400);
  });

  it('answers only a signed-in session, and checks what it is sent', async () => {
    const ticket = await ask();
    expect((await approve(ticket, null)).body.error.code).toBe('UNAUTHORIZED');
    expect((await approve(ticket, 'tgl_forged')).body.error.code).toBe('INVALID_TOKEN');
    expect((await answer(ticket, { answer: 'maybe' })).status).toBe(400);
    expect((await answer(ticket, { answer: 'approve' })).body.error.code).toBe('INVALID_ARGUMENT');
    expect((await poll(ticket, '?wait=99')).status).toBe(400);
    const notATicket = await httpPost(
      app.httpUrl,
      '/auth/qr/nothex/answer',
      {
        s: ticket.s,
        answer: 'deny',
      },
      { authorization: `Bearer ${phone}` },
    );
    expect(notATicket.body.error.code).toBe('INVALID_TOKEN');
    // The ticket is untouched by all that.
    expect((await approve(ticket)).status).toBe(200);
  });

  it('20 concurrent approvals and 20 concurrent polls give one session', async () => {
    const ticket = await ask();
    const approvals = await Promise.all(
      Array.from({ length: 20 }, (_, i) => approve(ticket, i % 2 ? bobsPhone : phone)),
    );
    expect(approvals.map((a) => a.status).sort()).toEqual([200, ...Array(19).fill(401)]);
    const polls = await Promise.all(Array.from({ length: 20 }, () => poll(ticket)));
    const tokens = polls.filter((p) => p.status === 200).map((p) => p.body.session_token);
    expect(tokens).toHaveLength(1);
  });

  it('limits ticket requests per client address, with Retry-After', async () => {
    let refused = null;
    for (let i = 0; i < TICKETS_PER_ADDRESS + 1 && !refused; i++) {
      const answer = await httpPost(app.httpUrl, '/auth/qr', {});
      if (answer.status === 429) refused = answer;
      else expect(answer.status).toBe(200);
    }
    expect(refused).not.toBeNull();
    expect(refused!.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
