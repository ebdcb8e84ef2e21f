import { AuthError } from '@tangle/contracts';
import { applicationHarness, context, DEVICE } from '../testing/application-harness';
import { ResetPasswordCommand } from './reset-password.command';
import { SignInCommand } from './sign-in.command';
import { SignUpCommand } from './sign-up.command';

const from = (clientIp: string) => ({ ...context(), clientIp });

async function withAda() {
  const app = applicationHarness();
  await app.signUp.execute(
    new SignUpCommand(
      { name: 'Ada', email: 'ada@example.com', password: 'Correct-Horse-1' },
      DEVICE,
      'en',
      context(),
    ),
  );
  const signIn = (password: string, clientIp: string) =>
    app.signIn.execute(
      new SignInCommand({ email: 'ada@example.com', password }, DEVICE, from(clientIp)),
    );
  return { app, signIn };
}

describe('sign-in limits', () => {
  it('50 wrong passwords sent at once from 10 addresses get exactly the account limit of verifications', async () => {
    const { app, signIn } = await withAda();
    const before = app.hasher.verifications;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        signIn('Wrong-Horse-1', `203.0.113.${i % 10}`).catch((e: AuthError) => e.errorName),
      ),
    );
    expect(results.filter((r) => r === 'INVALID_CREDENTIALS')).toHaveLength(10);
    expect(results.filter((r) => r === 'RATE_LIMIT_EXCEEDED')).toHaveLength(40);
    expect(app.hasher.verifications - before).toBe(10);
    // The right password is refused too while the window is full: no oracle.
    await expect(signIn('Correct-Horse-1', '198.51.100.7')).rejects.toMatchObject({
      errorName: 'RATE_LIMIT_EXCEEDED',
    });
  });

  it('counts an unknown address like an account, so the answer does not tell them apart', async () => {
    const { app } = await withAda();
    const tries = (email: string) =>
      Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          app.signIn
            .execute(
              new SignInCommand({ email, password: 'Wrong-Horse-1' }, DEVICE, from(`192.0.2.${i}`)),
            )
            .catch((e: AuthError) => e.errorName),
        ),
      );
    const known = await tries('ada@example.com');
    const unknown = await tries('nobody@example.com');
    expect(known.filter((r) => r === 'RATE_LIMIT_EXCEEDED')).toHaveLength(2);
    expect(unknown.filter((r) => r === 'RATE_LIMIT_EXCEEDED')).toHaveLength(2);
  });

  it('lets the owner reset the password and sign in while a stranger keeps the window full', async () => {
    const { app, signIn } = await withAda();
    await Promise.all(
      Array.from({ length: 10 }, () => signIn('Wrong-Horse-1', '203.0.113.9').catch(() => null)),
    );
    await expect(signIn('Correct-Horse-1', '198.51.100.7')).rejects.toMatchObject({
      errorName: 'RATE_LIMIT_EXCEEDED',
    });
    await app.resetPassword.execute(
      new ResetPasswordCommand(
        { email: 'ada@example.com', confirm: null },
        'en',
        from('198.51.100.7'),
      ),
    );
    await app.resetPassword.execute(
      new ResetPasswordCommand(
        {
          email: 'ada@example.com',
          confirm: { code: app.secrets.lastCode(), newPassword: 'New-Horse-2024' },
        },
        'en',
        from('198.51.100.7'),
      ),
    );
    await expect(signIn('New-Horse-2024', '198.51.100.7')).resolves.toMatchObject({
      user: { name: 'Ada' },
    });
  });

  it('a right password clears the account count', async () => {
    const { signIn } = await withAda();
    for (let i = 0; i < 9; i++) await signIn('Wrong-Horse-1', '203.0.113.1').catch(() => null);
    await signIn('Correct-Horse-1', '198.51.100.7');
    for (let i = 0; i < 9; i++) {
      await expect(signIn('Wrong-Horse-1', '203.0.113.2')).rejects.toMatchObject({
        errorName: 'INVALID_CREDENTIALS',
      });
    }
  });
});
