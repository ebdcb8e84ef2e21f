import {
  AccountSessionLinked,
  SignInFailed,
  Streams,
  TakeoutRequested,
  type AccountSessionLinkedData,
  type TakeoutRequestedData,
} from '@tangle/contracts';
import { TAKEOUT_LINK_TTL_MS, currentTakeout } from '@tangle/domain';
import { SignInCommand } from '../accounts/sign-in.command';
import { SignUpCommand } from '../accounts/sign-up.command';
import {
  applicationHarness,
  context,
  DEVICE,
  readableSealer,
} from '../testing/application-harness';
import { RequestTakeoutCommand, parseTakeoutToken } from './takeout.commands';

async function signedUp(options: Parameters<typeof applicationHarness>[0] = {}) {
  const app = applicationHarness(options);
  const { user } = await app.signUp.execute(
    new SignUpCommand(
      { name: 'Ada', email: 'ada@example.com', password: 'Correct-Horse-1' },
      DEVICE,
      'en',
      context(),
    ),
  );
  return { app, userId: user.userId };
}

const signIn = (password: string, device = DEVICE) =>
  new SignInCommand({ email: 'ada@example.com', password }, device, context());

describe('security events', () => {
  it('records a wrong password for an existing account on its own stream, after the answer', async () => {
    const { app, userId } = await signedUp();
    const accountEventsBefore = (await app.store.readStream(Streams.account(userId))).length;

    await expect(app.signIn.execute(signIn('Wrong-Horse-1'))).rejects.toMatchObject({
      errorName: 'INVALID_CREDENTIALS',
    });
    await expect(
      app.signIn.execute(
        new SignInCommand(
          { email: 'nobody@example.com', password: 'Wrong-Horse-1' },
          DEVICE,
          context(),
        ),
      ),
    ).rejects.toMatchObject({ errorName: 'INVALID_CREDENTIALS' });
    await new Promise((resolve) => setImmediate(resolve));

    const failures = await app.store.readStream(Streams.signInFailures(userId));
    expect(failures.map((e) => [e.type, e.data])).toEqual([
      [
        SignInFailed,
        {
          userId,
          at: app.clock.now(),
          deviceType: 'desktop',
          deviceVersion: 'Linux',
          country: null,
          region: null,
        },
      ],
    ]);
    // The account stream, which every decision loads, did not grow.
    expect(await app.store.readStream(Streams.account(userId))).toHaveLength(accountEventsBefore);
  });

  it('stops recording when the sign-in limit refuses the tries before the password check', async () => {
    const { app, userId } = await signedUp();
    for (let i = 0; i < 12; i++) await app.signIn.execute(signIn('Wrong-Horse-1')).catch(() => {});
    await new Promise((resolve) => setImmediate(resolve));
    expect(await app.store.readStream(Streams.signInFailures(userId))).toHaveLength(10);
  });

  it('marks a sign-in from a new device class as new, and not the sign-up nor a known device', async () => {
    const { app, userId } = await signedUp();
    await app.signIn.execute(signIn('Correct-Horse-1'));
    await app.signIn.execute(
      signIn('Correct-Horse-1', { ...DEVICE, deviceType: 'mobile', deviceVersion: 'Android 15' }),
    );
    const links = (await app.store.readStream(Streams.account(userId)))
      .filter((e) => e.type === AccountSessionLinked)
      .map((e) => e.data as AccountSessionLinkedData);
    expect(links.map((l) => [l.deviceType, l.newSignIn ?? false])).toEqual([
      ['desktop', false],
      ['desktop', false],
      ['mobile', true],
    ]);
  });

  it('records takeout requests with the token hashed and sealed, never in plain text', async () => {
    const { app, userId } = await signedUp();
    await app.requestTakeout.execute(new RequestTakeoutCommand(userId, 'fr', context()));

    const [event] = (await app.store.readStream(Streams.account(userId))).filter(
      (e) => e.type === TakeoutRequested,
    );
    const data = event.data as TakeoutRequestedData;
    const token = readableSealer.open(data.sealedToken);
    const parsed = parseTakeoutToken(token);
    expect(parsed?.userId).toBe(userId);
    expect(data).toMatchObject({
      email: 'ada@example.com',
      locale: 'fr',
      tokenHash: `h(takeout:${userId}:${parsed!.secret})`,
      expiresAt: app.clock.now() + TAKEOUT_LINK_TTL_MS,
    });
    expect(JSON.stringify(event.data)).not.toContain(token);
    expect(currentTakeout(await app.accounts.get(userId), app.clock.now())?.tokenHash).toBe(
      data.tokenHash,
    );

    await expect(
      app.requestTakeout.execute(new RequestTakeoutCommand(userId, 'fr', context())),
    ).rejects.toMatchObject({ errorName: 'RATE_LIMIT_EXCEEDED' });
  });
});

describe('takeout tokens', () => {
  it('parse only in their own shape', () => {
    expect(parseTakeoutToken('tgx_123_abc-_DEF')).toEqual({ userId: '123', secret: 'abc-_DEF' });
    for (const bad of ['tgx_0_abc', 'tgx_12', 'tgl_123_abc', 'tgx_123_a b', 'tgx_123_']) {
      expect(parseTakeoutToken(bad)).toBeNull();
    }
  });
});
