import { AuthError, LoginLinkRequested } from '@tangle/contracts';
import {
  applicationHarness,
  context,
  DEVICE,
  readableSealer,
} from '../testing/application-harness';
import {
  AnswerEmailLinkCommand,
  CollectEmailLinkSessionCommand,
  StartEmailLinkLoginCommand,
} from './email-link-login.commands';
import { RegisterCommand } from './register.command';

const here = { ip: null, geo: null };
const curl = { ...DEVICE, deviceType: 'cURL', clientId: 0 };

async function registered() {
  const app = applicationHarness();
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
        'en',
        context(),
      ),
    );
    expect(started).toEqual({
      authId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      expiresAt: expect.any(Number),
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
