import { AuthError, PasswordChanged } from '@tangle/contracts';
import { passwordPolicy } from '@tangle/domain';
import { applicationHarness, context, DEVICE } from '../testing/application-harness';
import { FakePwnedPasswords } from '../testing/password-lists';
import { ResetPasswordCommand } from './reset-password.command';
import { SignInCommand } from './sign-in.command';
import { SignUpCommand } from './sign-up.command';

type Harness = ReturnType<typeof applicationHarness>;

const signUp = (app: Harness, password: string, clientIp = '127.0.0.1') =>
  app.signUp.execute(
    new SignUpCommand(
      { name: 'Ada', email: `ada.${Math.random()}@example.com`, password },
      DEVICE,
      'en',
      { ...context(), clientIp },
    ),
  );

/** Signs Ada up with a good password, asks for a reset, and sets `password` with the code. */
async function reset(app: Harness, password: string): Promise<void> {
  await app.signUp.execute(
    new SignUpCommand(
      { name: 'Ada', email: 'ada@example.com', password: 'Correct-Horse-1' },
      DEVICE,
      'en',
      context(),
    ),
  );
  await app.resetPassword.execute(
    new ResetPasswordCommand({ email: 'ada@example.com' }, 'en', context()),
  );
  const code = app.secrets.lastCode();
  await app.resetPassword.execute(
    new ResetPasswordCommand(
      { email: 'ada@example.com', confirm: { code, newPassword: password } },
      'en',
      context(),
    ),
  );
}

const PATHS: ReadonlyArray<[string, (app: Harness, password: string) => Promise<unknown>]> = [
  ['sign-up', signUp],
  ['password reset', reset],
];

describe.each(PATHS)('the password policy on %s', (_path, setPassword) => {
  it.each([
    ['Password123!', 'breached'],
    ['Short1!', 'min_length'],
    ['no-uppercase-1', 'uppercase'],
    [`Aa1-${'x'.repeat(253)}`, 'max_length'],
  ])('refuses %j with WEAK_PASSWORD (%s) and sets nothing', async (password, rule) => {
    const app = applicationHarness();
    const error = (await setPassword(app, password).catch((e: unknown) => e)) as AuthError;
    expect(error).toBeInstanceOf(AuthError);
    expect(error.errorName).toBe('WEAK_PASSWORD');
    expect(error.detail).toMatch(new RegExp(`^${rule}:`));
    // No event holds a hash of it (the test hasher's hash is the password in base64).
    expect(JSON.stringify(app.store.all.map((e) => e.data))).not.toContain(
      Buffer.from(password).toString('base64'),
    );
    expect(app.store.all.filter((e) => e.type === PasswordChanged)).toHaveLength(0);
  });

  it('takes the NIST profile: a long password without composition, not 14 characters', async () => {
    const app = applicationHarness({ passwordPolicy: passwordPolicy('nist') });
    await setPassword(app, 'tall lamps hum quietly');
    const short = (await setPassword(
      applicationHarness({ passwordPolicy: passwordPolicy('nist') }),
      'Short-Pass-12!',
    ).catch((e: unknown) => e)) as AuthError;
    expect(short.detail).toMatch(/^min_length: needs at least 15/);
  });

  it('refuses a password the range service knows', async () => {
    const pwned = new FakePwnedPasswords(new Map([['Seen-Before-1', 3]]));
    const app = applicationHarness({ pwned });
    await expect(setPassword(app, 'Seen-Before-1')).rejects.toMatchObject({
      errorName: 'WEAK_PASSWORD',
      detail: expect.stringMatching(/^breached:/),
    });
    expect(pwned.asked.at(-1)).toBe('Seen-Before-1');
  });
});

describe('the password policy on sign-up', () => {
  it('refuses "Password123!" before any hash, event or counted try', async () => {
    const app = applicationHarness();
    for (let i = 0; i < 12; i++) {
      await expect(signUp(app, 'Password123!', '203.0.113.7')).rejects.toMatchObject({
        errorName: 'WEAK_PASSWORD',
        message:
          "Password doesn't meet requirements: breached: too common or known from data breaches; choose another",
      });
    }
    expect(app.hasher.hashes).toBe(0);
    expect(app.store.all).toHaveLength(0);
    // Twelve refusals counted nothing against the address's ten sign-ups an hour.
    await expect(signUp(app, 'Correct-Horse-1', '203.0.113.7')).resolves.toBeDefined();
  });

  it('asks the range service only after the rate limit let the try through', async () => {
    const pwned = new FakePwnedPasswords(new Map());
    const app = applicationHarness({ pwned });
    for (let i = 0; i < 10; i++) await signUp(app, `Correct-Horse-${i}`, '203.0.113.8');
    await expect(signUp(app, 'Correct-Horse-10', '203.0.113.8')).rejects.toMatchObject({
      errorName: 'RATE_LIMIT_EXCEEDED',
    });
    expect(pwned.asked).toHaveLength(10);
  });
});

describe('the password policy on password reset', () => {
  it('keeps the old password when the new one is breached', async () => {
    const app = applicationHarness();
    await expect(reset(app, 'Password123!')).rejects.toMatchObject({ errorName: 'WEAK_PASSWORD' });
    await expect(
      app.signIn.execute(
        new SignInCommand(
          { email: 'ada@example.com', password: 'Correct-Horse-1' },
          DEVICE,
          context(),
        ),
      ),
    ).resolves.toBeDefined();
  });
});
