import {
  AccountLoginLinkRequested,
  AuthError,
  LoginLinkRequested,
  type LoginLinkRequestedData,
} from '@tangle/contracts';
import { CODE_COOLDOWN_MS, LOGIN_LINK_TTL_MS } from '@tangle/domain';
import {
  applicationHarness,
  context,
  DEVICE,
  readableSealer,
} from '../testing/application-harness';
import {
  AnswerEmailLinkCommand,
  CollectEmailLinkSessionCommand,
  DescribeEmailLinkQuery,
  StartEmailLinkLoginCommand,
} from './email-link-login.commands';
import { RegisterCommand } from './register.command';

const here = { ip: null, geo: null };
const curl = { ...DEVICE, deviceType: 'cURL', clientId: 0 };
const UA = '"curl/8.5.0"';
const MATCH_CODE = /^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{3}-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{3}$/;

async function registered(options: Parameters<typeof applicationHarness>[0] = {}) {
  const app = applicationHarness(options);
  const first = await app.register.execute(
    new RegisterCommand({ username: 'Ada', email: 'ada@example.com' }, curl, 'en', context()),
  );
  return { app, first };
}

describe('registration by username', () => {
  it('creates a passwordless account with a first session', async () => {
    const { app, first } = await registered();
    expect(first.user.name).toBe('Ada');
    expect(app.sessions.peek(first.sessionId)).toMatchObject({
      status: 'active',
      method: 'registration',
      deviceType: 'cURL',
    });
  });

  it('refuses a username taken in another case', async () => {
    const { app } = await registered();
    await expect(
      app.register.execute(new RegisterCommand({ username: 'ADA' }, curl, 'en', context())),
    ).rejects.toMatchObject({
      errorName: 'USERNAME_ALREADY_EXISTS',
    });
  });
});

describe('email-link login', () => {
  it('mails a link when username and email match, and the poll collects one session after confirmation', async () => {
    const { app } = await registered();
    const started = await app.startLogin.execute(
      new StartEmailLinkLoginCommand(
        { username: 'ada', email: 'ADA@example.com' },
        curl,
        UA,
        'en',
        context(),
      ),
    );
    const requested = app.store.all.find((e) => e.type === LoginLinkRequested)!;
    const token = readableSealer.open(
      (requested.data as { sealedLinkToken: string }).sealedLinkToken,
    );
    const collect = () =>
      app.collectSession.execute(
        new CollectEmailLinkSessionCommand(started.authId, here, context()),
      );
    await expect(collect()).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
    await expect(
      app.answerLink.execute(
        new AnswerEmailLinkCommand(started.authId, 'wrong', 'confirm', context()),
      ),
    ).rejects.toBeInstanceOf(AuthError);
    await app.answerLink.execute(
      new AnswerEmailLinkCommand(started.authId, token, 'confirm', context()),
    );
    const session = await collect();
    expect(app.sessions.peek(session.sessionId)).toMatchObject({
      status: 'active',
      method: 'email-link',
      deviceType: 'cURL',
    });
    await expect(collect()).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
    await expect(
      app.answerLink.execute(
        new AnswerEmailLinkCommand(started.authId, token, 'confirm', context()),
      ),
    ).rejects.toBeInstanceOf(AuthError);
  });

  it('answers the same shape and mails nothing when the email does not match', async () => {
    const { app } = await registered();
    const before = app.store.all.length;
    const started = await app.startLogin.execute(
      new StartEmailLinkLoginCommand(
        { username: 'ada', email: 'eve@example.com' },
        curl,
        UA,
        'en',
        context(),
      ),
    );
    expect(started).toEqual({
      authId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      expiresAt: expect.any(Number),
      matchCode: expect.stringMatching(MATCH_CODE),
    });
    expect(app.store.all.length).toBe(before);
    await expect(
      app.collectSession.execute(
        new CollectEmailLinkSessionCommand(started.authId, here, context()),
      ),
    ).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
  });

  it('never completes a denied login', async () => {
    const { app } = await registered();
    const started = await app.startLogin.execute(
      new StartEmailLinkLoginCommand(
        { username: 'ada', email: 'ada@example.com' },
        curl,
        UA,
        'en',
        context(),
      ),
    );
    const requested = app.store.all.find((e) => e.type === LoginLinkRequested)!;
    const token = readableSealer.open(
      (requested.data as { sealedLinkToken: string }).sealedLinkToken,
    );
    await app.answerLink.execute(
      new AnswerEmailLinkCommand(started.authId, token, 'deny', context()),
    );
    await expect(
      app.collectSession.execute(
        new CollectEmailLinkSessionCommand(started.authId, here, context()),
      ),
    ).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
  });
});

describe('email-link login: what the mail and the page show, and one link at a time', () => {
  const phishing = 'Tangle Security Team: press Confirm to keep your account';
  const inBrittany = { ...curl, deviceType: phishing, geo: { country: 'FR', region: 'Brittany' } };

  function start(app: ReturnType<typeof applicationHarness>, device = inBrittany) {
    return app.startLogin.execute(
      new StartEmailLinkLoginCommand(
        { username: 'ada', email: 'ada@example.com' },
        device,
        UA,
        'en',
        context(),
      ),
    );
  }

  function linkOf(app: ReturnType<typeof applicationHarness>, authId: string) {
    const event = app.store.all.find(
      (e) => e.type === LoginLinkRequested && (e.data as LoginLinkRequestedData).authId === authId,
    );
    if (!event) throw new Error(`no link for ${authId}`);
    const data = event.data as LoginLinkRequestedData;
    return { data, token: readableSealer.open(data.sealedLinkToken) };
  }

  it('records the match code it answers and the requester as the server sees it', async () => {
    const { app } = await registered();
    const started = await start(app);
    expect(started.matchCode).toMatch(MATCH_CODE);
    const { data, token } = linkOf(app, started.authId);
    expect(data.matchCode).toBe(started.matchCode);
    expect(data.requester).toEqual({ description: UA, country: 'FR', region: 'Brittany' });
    expect(
      await app.describeLink.execute(new DescribeEmailLinkQuery(started.authId, token)),
    ).toEqual({
      usable: true,
      matchCode: started.matchCode,
      requester: { description: UA, country: 'FR', region: 'Brittany' },
      requestedAt: app.clock.now(),
    });
    // The requester's own text still names the session, and nothing else.
    await app.answerLink.execute(
      new AnswerEmailLinkCommand(started.authId, token, 'confirm', context()),
    );
    const session = await app.collectSession.execute(
      new CollectEmailLinkSessionCommand(started.authId, here, context()),
    );
    expect(app.sessions.peek(session.sessionId)).toMatchObject({ deviceType: phishing });
  });

  it('limits starts per client address, with the wait in the refusal', async () => {
    const { app } = await registered();
    const answers = await Promise.allSettled(Array.from({ length: 25 }, () => start(app)));
    const refused = answers.flatMap((a) =>
      a.status === 'rejected' ? [a.reason as AuthError] : [],
    );
    expect(answers.length - refused.length).toBe(20); // the default: 20 per 15 minutes
    for (const error of refused) {
      expect(error.errorName).toBe('RATE_LIMIT_EXCEEDED');
      expect(error.retryAfterMs).toBeGreaterThan(0);
    }
  });

  it('mails one link for 50 parallel starts, and every answer has the same shape', async () => {
    const { app } = await registered({ rateLimits: { enabled: false } });
    const answers = await Promise.all(Array.from({ length: 50 }, () => start(app)));
    expect(app.store.all.filter((e) => e.type === LoginLinkRequested)).toHaveLength(1);
    expect(app.store.all.filter((e) => e.type === AccountLoginLinkRequested)).toHaveLength(1);
    for (const answer of answers) {
      expect(answer).toEqual({
        authId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        expiresAt: app.clock.now() + LOGIN_LINK_TTL_MS,
        matchCode: expect.stringMatching(MATCH_CODE),
      });
    }
    expect(new Set(answers.map((a) => a.authId)).size).toBe(50);
  });

  it('after the cooldown mails a new link that supersedes the first', async () => {
    const { app } = await registered();
    const first = await start(app);
    app.clock.advance(CODE_COOLDOWN_MS - 1);
    const tooSoon = await start(app);
    expect(() => linkOf(app, tooSoon.authId)).toThrow();
    app.clock.advance(1);
    const second = await start(app);
    const older = linkOf(app, first.authId);
    const newer = linkOf(app, second.authId);

    expect(
      await app.describeLink.execute(new DescribeEmailLinkQuery(first.authId, older.token)),
    ).toEqual({ usable: false });
    await expect(
      app.answerLink.execute(
        new AnswerEmailLinkCommand(first.authId, older.token, 'confirm', context()),
      ),
    ).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
    await app.answerLink.execute(
      new AnswerEmailLinkCommand(second.authId, newer.token, 'confirm', context()),
    );
    await expect(
      app.collectSession.execute(new CollectEmailLinkSessionCommand(first.authId, here, context())),
    ).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
    await expect(
      app.collectSession.execute(
        new CollectEmailLinkSessionCommand(second.authId, here, context()),
      ),
    ).resolves.toMatchObject({ user: { name: 'Ada' } });
  });
});
