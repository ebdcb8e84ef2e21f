import { AuthError } from '@tangle/contracts';
import { applicationHarness, context, DEVICE } from '../testing/application-harness';
import { SignInCommand } from './sign-in.command';
import { SignUpCommand } from './sign-up.command';

async function signedUp() {
  const app = applicationHarness();
  await app.signUp.execute(
    new SignUpCommand(
      { name: 'Ada', email: 'ada@example.com', password: 'Correct-Horse-1' },
      DEVICE,
      'en',
      context(),
    ),
  );
  await app.signUp.execute(
    new SignUpCommand({ name: 'NoPw', email: 'nopw@example.com' }, DEVICE, 'en', context()),
  );
  return app;
}

async function failureOf(promise: Promise<unknown>): Promise<AuthError> {
  try {
    await promise;
  } catch (error) {
    return error as AuthError;
  }
  throw new Error('expected a failure');
}

describe('SignIn', () => {
  it('signs in case-insensitively and starts a new session', async () => {
    const app = await signedUp();
    const result = await app.signIn.execute(
      new SignInCommand(
        { email: 'ADA@example.COM', password: 'Correct-Horse-1' },
        DEVICE,
        context(),
      ),
    );
    expect(result.user.name).toBe('Ada');
    expect(app.sessions.peek(result.sessionId)).toMatchObject({
      status: 'active',
      method: 'password',
    });
  });

  it('costs exactly one verification and answers the same for unknown email, passwordless account and wrong password', async () => {
    const app = await signedUp();
    const cases = [
      { email: 'nobody@example.com', password: 'Correct-Horse-1' },
      { email: 'nopw@example.com', password: 'Correct-Horse-1' },
      { email: 'ada@example.com', password: 'Wrong-Horse-1' },
      { email: 'not an email', password: 'Correct-Horse-1' },
    ];
    for (const fields of cases) {
      const before = app.hasher.verifications;
      const error = await failureOf(
        app.signIn.execute(new SignInCommand(fields, DEVICE, context())),
      );
      expect(app.hasher.verifications - before).toBe(1);
      expect({ name: error.errorName, message: error.message }).toEqual({
        name: 'INVALID_CREDENTIALS',
        message: 'Invalid email or password',
      });
    }
  });

  it('rehashes a hash made with old parameters after a successful sign-in', async () => {
    const app = applicationHarness();
    await app.signUp.execute(
      new SignUpCommand({ name: 'Old', email: 'old@example.com' }, DEVICE, 'en', context()),
    );
    const registered = app.store.all.find((e) => e.type === 'account.registered.v1')!;
    const userId = (registered.data as { userId: string }).userId;
    await app.store.append(
      `account-${userId}`,
      [
        {
          eventId: 'x',
          type: 'account.password-changed.v1',
          data: { userId, passwordHash: 'fake$v0$Old-Password-1', reason: 'change', changedAt: 1 },
          metadata: registered.metadata,
        },
      ],
      'any',
    );
    await new Promise((resolve) => setImmediate(resolve)); // the follower delivers it
    await app.signIn.execute(
      new SignInCommand(
        { email: 'old@example.com', password: 'Old-Password-1' },
        DEVICE,
        context(),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    const last = (await app.store.readStream(`account-${userId}`)).at(-1)!;
    expect(last.data).toMatchObject({ reason: 'rehash' });
    expect((last.data as { passwordHash: string }).passwordHash.startsWith('fake$v1$')).toBe(true);
  });
});
