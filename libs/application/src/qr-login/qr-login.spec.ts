import {
  AuthError,
  QrLoginApproved,
  QrLoginRequested,
  SessionStarted,
  type SessionStartedData,
} from '@tangle/contracts';
import { QR_CHECK_CODE_TRIES, QR_LOGIN_TTL_MS } from '@tangle/domain';
import { SignUpCommand } from '../accounts/sign-up.command';
import { applicationHarness, context, DEVICE } from '../testing/application-harness';
import { RevokeSessionsCommand } from '../sessions/revoke-sessions.command';
import {
  AnswerQrLoginCommand,
  CollectQrLoginSessionCommand,
  DescribeQrLoginQuery,
  RequestQrLoginCommand,
  type QrLoginTicket,
} from './qr-login.commands';

const here = { ip: null, geo: null };
const laptop = {
  ...DEVICE,
  deviceType: 'Laptop',
  geo: { country: 'FR', region: 'Brittany' },
};
const UA = 'Firefox on Linux';
const CHECK_CODE = /^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{3}-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{3}$/;

async function signedIn(options: Parameters<typeof applicationHarness>[0] = {}) {
  const app = applicationHarness(options);
  const ada = await app.signUp.execute(new SignUpCommand({ name: 'Ada' }, DEVICE, 'en', context()));
  const bob = await app.signUp.execute(new SignUpCommand({ name: 'Bob' }, DEVICE, 'en', context()));
  const phone = { userId: ada.user.userId, sessionId: ada.sessionId };
  const bobsPhone = { userId: bob.user.userId, sessionId: bob.sessionId };
  const ask = () => app.requestQr.execute(new RequestQrLoginCommand(laptop, UA, context()));
  const answer = (
    ticket: QrLoginTicket,
    fields: { answer?: 'approve' | 'deny'; checkCode?: string } = {},
    approver = phone,
  ) =>
    app.answerQr.execute(
      new AnswerQrLoginCommand(
        {
          ticketId: ticket.ticketId,
          secret: ticket.secret,
          answer: fields.answer ?? 'approve',
          checkCode: 'checkCode' in fields ? fields.checkCode : ticket.checkCode,
        },
        approver,
        context(),
      ),
    );
  const collect = (ticket: QrLoginTicket, waitMs = 0) =>
    app.collectQr.execute(new CollectQrLoginSessionCommand(ticket.authId, here, context(), waitMs));
  const describeTicket = (ticket: QrLoginTicket, secret = ticket.secret) =>
    app.describeQr.execute(new DescribeQrLoginQuery(ticket.ticketId, secret));
  const qrSessions = () =>
    app.store.all.filter(
      (e) => e.type === SessionStarted && (e.data as SessionStartedData).method === 'qr',
    );
  return { app, ada, bob, phone, bobsPhone, ask, answer, collect, describeTicket, qrSessions };
}

describe('QR login', () => {
  it('signs the new device in once, as the approving account, marked as approved by its session', async () => {
    const { app, ada, phone, ask, answer, collect, describeTicket, qrSessions } = await signedIn();
    const ticket = await ask();
    expect(ticket).toEqual({
      authId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      ticketId: expect.any(String),
      secret: expect.any(String),
      checkCode: expect.stringMatching(CHECK_CODE),
      expiresAt: app.clock.now() + QR_LOGIN_TTL_MS,
    });
    expect(await describeTicket(ticket)).toEqual({
      usable: true,
      requester: { description: UA, country: 'FR', region: 'Brittany' },
      requestedAt: app.clock.now(),
      expiresAt: app.clock.now() + QR_LOGIN_TTL_MS,
    });
    await expect(collect(ticket)).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });

    // Typed on a phone: case, spaces and the dash do not matter.
    const typed = ` ${ticket.checkCode.replace('-', '').toLowerCase()} `;
    await expect(answer(ticket, { checkCode: typed })).resolves.toEqual({ answer: 'approve' });
    const session = await collect(ticket);
    expect(session).toMatchObject({ user: { userId: ada.user.userId, name: 'Ada' } });
    expect(app.sessions.peek(session!.sessionId)).toMatchObject({
      status: 'active',
      method: 'qr',
      deviceType: 'Laptop',
      approvedBySession: phone.sessionId,
    });
    expect(qrSessions()).toHaveLength(1);
    // The token is handed out once.
    await expect(collect(ticket)).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
    expect(await describeTicket(ticket)).toEqual({ usable: false });
  });

  it('keeps no auth id, secret or check code: only their keyed hashes', async () => {
    const { app, ask } = await signedIn();
    const ticket = await ask();
    expect(ticket.ticketId).not.toBe(ticket.authId);
    const values = app.store.all.flatMap((e) => [e.streamId, ...stringsIn(e.data)]);
    expect(values).toContain(`qr-${ticket.ticketId}`);
    for (const secret of [ticket.authId, ticket.secret, ticket.checkCode]) {
      expect(values).not.toContain(secret);
      expect(values.filter((v) => v.includes(secret) && !v.startsWith('h('))).toEqual([
        ...(secret === ticket.authId ? [`qr-${ticket.ticketId}`] : []),
      ]);
    }
  });

  it('answers null for an auth id that names no QR ticket (an email-link login, or nothing)', async () => {
    const { app } = await signedIn();
    for (const authId of ['00000000-0000-4000-8000-000000000001', 'not-an-id', '../x']) {
      await expect(
        app.collectQr.execute(new CollectQrLoginSessionCommand(authId, here, context())),
      ).resolves.toBeNull();
    }
  });

  it('expires: past the ticket time nothing can answer or collect it; asking again gives a new ticket', async () => {
    const { app, ask, answer, collect, describeTicket } = await signedIn();
    const ticket = await ask();
    app.clock.advance(QR_LOGIN_TTL_MS);
    expect(await describeTicket(ticket)).toEqual({ usable: false });
    await expect(answer(ticket)).rejects.toMatchObject({
      errorName: 'INVALID_TOKEN',
      detail: expect.stringMatching(/expired/),
    });
    await expect(answer(ticket, { answer: 'deny' })).rejects.toMatchObject({
      errorName: 'INVALID_TOKEN',
    });
    await expect(collect(ticket)).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
    const renewed = await ask();
    expect(renewed.authId).not.toBe(ticket.authId);
    expect(renewed.secret).not.toBe(ticket.secret);
    await answer(renewed);
    await expect(collect(renewed)).resolves.toMatchObject({ user: { name: 'Ada' } });
  });

  it('takes its time from configuration, and an approval just in time can still be collected after it', async () => {
    const { app, ask, answer, collect } = await signedIn({ qrLoginTtlMs: 10_000 });
    const ticket = await ask();
    expect(ticket.expiresAt).toBe(app.clock.now() + 10_000);
    app.clock.advance(9_999);
    await answer(ticket);
    app.clock.advance(5_000); // past the ticket's time, within the collection window
    await expect(collect(ticket)).resolves.toMatchObject({ user: { name: 'Ada' } });
  });

  it('refuses a second scan of a used ticket, by anyone', async () => {
    const { bobsPhone, ask, answer, collect, describeTicket } = await signedIn();
    const ticket = await ask();
    await answer(ticket);
    expect(await describeTicket(ticket)).toEqual({ usable: false });
    await expect(answer(ticket, {}, bobsPhone)).rejects.toMatchObject({
      errorName: 'INVALID_TOKEN',
    });
    await expect(answer(ticket)).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
    await expect(answer(ticket, { answer: 'deny' })).rejects.toMatchObject({
      errorName: 'INVALID_TOKEN',
    });
    // The first approval stands: the session is Ada's.
    await expect(collect(ticket)).resolves.toMatchObject({ user: { name: 'Ada' } });
  });

  it('refuses a wrong secret as an invalid code, and shows nothing for it', async () => {
    const { ask, answer, describeTicket, app, phone } = await signedIn();
    const ticket = await ask();
    expect(await describeTicket(ticket, 'guess')).toEqual({ usable: false });
    await expect(
      app.answerQr.execute(
        new AnswerQrLoginCommand(
          {
            ticketId: ticket.ticketId,
            secret: 'guess',
            answer: 'approve',
            checkCode: ticket.checkCode,
          },
          phone,
          context(),
        ),
      ),
    ).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
    await expect(answer(ticket)).resolves.toEqual({ answer: 'approve' });
  });

  it(`refuses a wrong check code, and ${QR_CHECK_CODE_TRIES} of them end the ticket`, async () => {
    const { ask, answer, collect } = await signedIn();
    const ticket = await ask();
    await expect(answer(ticket, { checkCode: undefined })).rejects.toMatchObject({
      errorName: 'INVALID_ARGUMENT',
    });
    await expect(answer(ticket, { checkCode: 'AAA-AAA' })).rejects.toMatchObject({
      errorName: 'INVALID_CODE',
      detail: expect.stringMatching(/2 tries left/),
    });
    await expect(answer(ticket, { checkCode: 'BBB-BBB' })).rejects.toMatchObject({
      errorName: 'INVALID_CODE',
      detail: expect.stringMatching(/1 try left/),
    });
    await expect(answer(ticket, { checkCode: 'CCC-CCC' })).rejects.toMatchObject({
      errorName: 'INVALID_CODE',
      detail: expect.stringMatching(/no longer works/),
    });
    await expect(answer(ticket)).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
    await expect(collect(ticket)).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
  });

  it('limits check-code guessing per account across tickets, and 50 parallel guesses on one ticket record at most its tries', async () => {
    const { app, ask, answer } = await signedIn();
    const ticket = await ask();
    const guesses = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        answer(ticket, { checkCode: `ZZZ-${String(i).padStart(3, '2')}` }),
      ),
    );
    const reasons = guesses.map((g) => (g.status === 'rejected' ? (g.reason as AuthError) : null));
    expect(reasons.every((r) => r instanceof AuthError)).toBe(true);
    expect(reasons.filter((r) => r?.errorName === 'INVALID_CODE')).toHaveLength(
      QR_CHECK_CODE_TRIES,
    );
    // The default per-account limit (20 per 15 minutes) refused the rest of the first window.
    expect(reasons.filter((r) => r?.errorName === 'RATE_LIMIT_EXCEEDED')).toHaveLength(30);
    const another = await ask();
    await expect(answer(another)).rejects.toMatchObject({ errorName: 'RATE_LIMIT_EXCEEDED' });
    app.clock.advance(15 * 60_000);
    const fresh = await ask();
    await expect(answer(fresh)).resolves.toEqual({ answer: 'approve' });
  });

  it('never signs in a denied ticket', async () => {
    const { ask, answer, collect, qrSessions } = await signedIn();
    const ticket = await ask();
    await expect(answer(ticket, { answer: 'deny', checkCode: undefined })).resolves.toEqual({
      answer: 'deny',
    });
    await expect(collect(ticket)).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
    await expect(answer(ticket)).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
    expect(qrSessions()).toHaveLength(0);
  });

  it('20 concurrent approvals and 20 concurrent polls give one session', async () => {
    const { app, ask, answer, collect, qrSessions, bobsPhone } = await signedIn({
      rateLimits: { enabled: false },
    });
    const ticket = await ask();
    const approvals = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => answer(ticket, {}, i % 2 ? bobsPhone : undefined)),
    );
    expect(approvals.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    for (const refused of approvals.filter((a) => a.status === 'rejected')) {
      expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(AuthError);
    }
    expect(app.store.all.filter((e) => e.type === QrLoginApproved)).toHaveLength(1);
    const polls = await Promise.allSettled(Array.from({ length: 20 }, () => collect(ticket)));
    expect(polls.filter((p) => p.status === 'fulfilled')).toHaveLength(1);
    expect(qrSessions()).toHaveLength(1);
  });

  it('hands nothing out when the approving session was revoked before the new device collected', async () => {
    const { app, ada, ask, answer, collect, qrSessions } = await signedIn();
    const ticket = await ask();
    await answer(ticket);
    await app.revoke.execute(
      new RevokeSessionsCommand([ada.sessionId], ada.user.userId, ada.sessionId, context()),
    );
    await expect(collect(ticket)).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
    expect(qrSessions()).toHaveLength(0);
  });

  it('refuses an approval from a session that has ended', async () => {
    const { app, ada, phone, ask, answer } = await signedIn();
    const ticket = await ask();
    await app.revoke.execute(
      new RevokeSessionsCommand([ada.sessionId], ada.user.userId, ada.sessionId, context()),
    );
    await expect(answer(ticket, {}, phone)).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
  });

  it('the long poll answers as soon as the ticket is approved', async () => {
    const { ask, answer, collect } = await signedIn();
    const ticket = await ask();
    const started = Date.now();
    const polled = collect(ticket, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await answer(ticket);
    await expect(polled).resolves.toMatchObject({ user: { name: 'Ada' } });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('the long poll of a ticket nobody answers gives up after its wait, and waits are bounded', async () => {
    const { app, ask, collect } = await signedIn();
    const ticket = await ask();
    const started = Date.now();
    await expect(collect(ticket, 200)).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    const many = Array.from({ length: 6 }, () => collect(ticket, 60_000).catch(() => 'refused'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(app.qrWaits.size).toBe(4); // per ticket; the others answered at once
    app.qrWaits.onApplicationShutdown();
    expect(await Promise.all(many)).toEqual(Array(6).fill('refused'));
    expect(app.qrWaits.size).toBe(0);
  });

  it('limits ticket requests per client address', async () => {
    const { ask, app } = await signedIn();
    const answers = await Promise.allSettled(Array.from({ length: 35 }, () => ask()));
    const refused = answers.flatMap((a) =>
      a.status === 'rejected' ? [a.reason as AuthError] : [],
    );
    expect(answers.length - refused.length).toBe(30); // the default: 30 per 15 minutes
    for (const error of refused) expect(error.errorName).toBe('RATE_LIMIT_EXCEEDED');
    expect(app.store.all.filter((e) => e.type === QrLoginRequested)).toHaveLength(30);
  });
});

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}
