import { AuthError, EmailVerified, PasswordChanged, SessionRevoked } from '@tangle/contracts';
import {
  applicationHarness,
  context,
  DEVICE,
  readableSealer,
} from '../testing/application-harness';
import { ResendEmailVerificationCommand } from './resend-email-verification.command';
import { ResetPasswordCommand } from './reset-password.command';
import { SignInCommand } from './sign-in.command';
import { SignUpCommand } from './sign-up.command';
import { VerifyEmailCommand } from './verify-email.command';

async function withAccount() {
  const app = applicationHarness();
  const ada = await app.signUp.execute(
    new SignUpCommand(
      { name: 'Ada', email: 'ada@example.com', password: 'Correct-Horse-1' },
      DEVICE,
      'en',
      context(),
    ),
  );
  return { app, ada, code: app.secrets.lastCode() };
}

const verify = (email: string, code: string) => new VerifyEmailCommand(email, code, context());

describe('email verification', () => {
  it('mails a sealed code at sign-up and verifies it once', async () => {
    const { app, code } = await withAccount();
    const requested = app.store.all.find(
      (e) => e.type === 'account.email-verification-requested.v1',
    )!;
    const data = requested.data as { sealedCode: string; codeHash: string };
    expect(readableSealer.open(data.sealedCode)).toBe(code);
    expect(data.codeHash).not.toBe(code);
    await app.verifyEmail.execute(verify('ADA@example.com', code));
    await expect(app.verifyEmail.execute(verify('ada@example.com', code))).rejects.toMatchObject({
      errorName: 'INVALID_CODE',
    });
  });

  it('lets exactly one of 20 parallel correct submissions verify', async () => {
    const { app, code } = await withAccount();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => app.verifyEmail.execute(verify('ada@example.com', code))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
      expect((r.reason as AuthError).errorName).toBe('INVALID_CODE');
    }
    expect(app.store.all.filter((e) => e.type === EmailVerified)).toHaveLength(1);
  });

  it('kills a code after 5 wrong guesses', async () => {
    const { app, code } = await withAccount();
    for (let i = 0; i < 5; i++) {
      await expect(
        app.verifyEmail.execute(verify('ada@example.com', '000000')),
      ).rejects.toMatchObject({ errorName: 'INVALID_CODE' });
    }
    await expect(app.verifyEmail.execute(verify('ada@example.com', code))).rejects.toMatchObject({
      errorName: 'INVALID_CODE',
    });
  });

  it('replaces the old code on resend (after the cooldown), for the signed-in user', async () => {
    const { app, ada, code: first } = await withAccount();
    const resend = () =>
      app.resend.execute(
        new ResendEmailVerificationCommand(null, ada.user.userId, 'en', context()),
      );
    await expect(resend()).rejects.toMatchObject({ errorName: 'RATE_LIMIT_EXCEEDED' });
    app.clock.advance(60_000);
    await resend();
    const second = app.secrets.lastCode();
    expect(second).not.toBe(first);
    await expect(app.verifyEmail.execute(verify('ada@example.com', first))).rejects.toMatchObject({
      errorName: 'INVALID_CODE',
    });
    await app.verifyEmail.execute(verify('ada@example.com', second));
  });

  it('answers a resend for an unknown or rate-limited address with () all the same', async () => {
    const { app } = await withAccount();
    await expect(
      app.resend.execute(
        new ResendEmailVerificationCommand('nobody@example.com', null, 'en', context()),
      ),
    ).resolves.toBeUndefined();
    await expect(
      app.resend.execute(
        new ResendEmailVerificationCommand('ada@example.com', null, 'en', context()),
      ),
    ).resolves.toBeUndefined();
  });

  it('answers an unknown address with INVALID_CODE, like a wrong code', async () => {
    const { app } = await withAccount();
    await expect(
      app.verifyEmail.execute(verify('nobody@example.com', '123456')),
    ).rejects.toMatchObject({ errorName: 'INVALID_CODE' });
  });
});

describe('password reset', () => {
  const request = (email: string) => new ResetPasswordCommand({ email }, 'en', context());
  const confirm = (email: string, code: string, newPassword: string) =>
    new ResetPasswordCommand({ email, confirm: { code, newPassword } }, 'en', context());

  it('answers () for unknown addresses and mails a code only to real accounts', async () => {
    const { app } = await withAccount();
    const before = app.store.all.length;
    await app.resetPassword.execute(request('nobody@example.com'));
    expect(app.store.all.length).toBe(before);
    await app.resetPassword.execute(request('ada@example.com'));
    expect(app.store.all.at(-1)!.type).toBe('account.password-reset-requested.v1');
  });

  it('sets the new password, revokes every session, and the old password stops working', async () => {
    const { app, ada } = await withAccount();
    const second = await app.signIn.execute(
      new SignInCommand(
        { email: 'ada@example.com', password: 'Correct-Horse-1' },
        DEVICE,
        context(),
      ),
    );
    await app.resetPassword.execute(request('ada@example.com'));
    const code = app.secrets.lastCode();
    await expect(
      app.resetPassword.execute(confirm('ada@example.com', code, 'weak')),
    ).rejects.toMatchObject({ errorName: 'WEAK_PASSWORD' });
    await expect(
      app.resetPassword.execute(confirm('ada@example.com', '999999', 'New-Horse-2')),
    ).rejects.toMatchObject({ errorName: 'INVALID_CODE' });
    await app.resetPassword.execute(confirm('ada@example.com', code, 'New-Horse-2'));
    const revoked = app.store.all
      .filter((e) => e.type === SessionRevoked)
      .map((e) => e.data as { sessionId: string; reason: string });
    expect(revoked.map((r) => r.sessionId).sort()).toEqual(
      [ada.sessionId, second.sessionId].sort(),
    );
    expect(revoked.every((r) => r.reason === 'password-reset')).toBe(true);
    expect(app.store.all.filter((e) => e.type === PasswordChanged).at(-1)!.data).toMatchObject({
      reason: 'reset',
    });
    await expect(
      app.signIn.execute(
        new SignInCommand(
          { email: 'ada@example.com', password: 'Correct-Horse-1' },
          DEVICE,
          context(),
        ),
      ),
    ).rejects.toMatchObject({ errorName: 'INVALID_CREDENTIALS' });
    await expect(
      app.signIn.execute(
        new SignInCommand({ email: 'ada@example.com', password: 'New-Horse-2' }, DEVICE, context()),
      ),
    ).resolves.toBeTruthy();
    await expect(
      app.resetPassword.execute(confirm('ada@example.com', code, 'Other-Horse-3')),
    ).rejects.toMatchObject({ errorName: 'INVALID_CODE' });
  });
});
