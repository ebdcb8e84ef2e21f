import {
  AuthError,
  EmailChanged,
  EmailReleased,
  EmailReserved,
  PasswordChanged,
  SessionRevoked,
  type EmailChangedData,
} from '@tangle/contracts';
import { ABANDONED_RESERVATION_AFTER_MS } from '@tangle/domain';
import { SignInCommand } from '../accounts/sign-in.command';
import { SignUpCommand } from '../accounts/sign-up.command';
import { VerifyEmailCommand } from '../accounts/verify-email.command';
import type { RequestContext } from '../shared/request-context';
import type { AuthorizationResult } from '../shared/authorization';
import {
  applicationHarness,
  context,
  DEVICE,
  readableSealer,
} from '../testing/application-harness';
import { ChangeEmailCommand } from './change-email.command';
import { ChangePasswordCommand } from './change-password.command';
import { PASSWORD_SETUP_CODE_SENT } from './change-password.handler';
import { GetAccountQuery } from './get-account.query';
import { DescribeEmailUndoQuery, UndoEmailChangeCommand } from './undo-email-change.command';

type App = ReturnType<typeof applicationHarness>;
const DAY = 86_400_000;

async function signUp(app: App, email: string | null, password: string | null = 'Correct-Horse-1') {
  return app.signUp.execute(
    new SignUpCommand({ name: 'Ada', email, password }, DEVICE, 'en', context()),
  );
}

function as(user: AuthorizationResult): RequestContext {
  return { ...context(), actorUserId: user.user.userId, actorSessionId: user.sessionId };
}

const signIn = (app: App, email: string, password: string) =>
  app.signIn.execute(new SignInCommand({ email, password }, DEVICE, context()));

const changePassword = (
  app: App,
  user: AuthorizationResult,
  currentPassword: string,
  newPassword: string,
  revokeSessions = false,
) =>
  app.changePassword.execute(
    new ChangePasswordCommand(
      { currentPassword, newPassword, revokeSessions },
      user.user.userId,
      user.sessionId,
      'en',
      as(user),
    ),
  );

const changeEmail = (app: App, user: AuthorizationResult, newEmail: string) =>
  app.changeEmail.execute(new ChangeEmailCommand(newEmail, user.user.userId, 'en', as(user)));

const verifyAs = (app: App, user: AuthorizationResult | null, email: string, code: string) =>
  app.verifyEmail.execute(new VerifyEmailCommand(email, code, user ? as(user) : context()));

const account = (app: App, user: AuthorizationResult) =>
  app.getAccount.execute(new GetAccountQuery(user.user.userId));

/** The undo token sealed in the newest email-changed event. */
function undoToken(app: App): string {
  const changed = app.store.all.filter((e) => e.type === EmailChanged).at(-1)!;
  return readableSealer.open((changed.data as EmailChangedData).sealedUndoToken!);
}

async function moveEmail(app: App, user: AuthorizationResult, to: string) {
  await changeEmail(app, user, to);
  await verifyAs(app, user, to, app.secrets.lastCode());
}

describe('settings.getAccount', () => {
  it('answers the account as it is now, read-your-writes', async () => {
    const app = applicationHarness();
    const ada = await signUp(app, 'Ada@Example.com');
    expect(await account(app, ada)).toEqual({
      email: 'Ada@Example.com',
      confirmed: false,
      hasPassword: true,
      totpEnabled: false,
      pendingDelete: false,
    });
    await verifyAs(app, null, 'ada@example.com', app.secrets.lastCode());
    expect(await account(app, ada)).toMatchObject({ confirmed: true });
    const bob = await signUp(app, null, null);
    expect(await account(app, bob)).toMatchObject({
      email: null,
      confirmed: false,
      hasPassword: false,
    });
  });
});

describe('settings.changePassword', () => {
  it('checks the current password, applies the policy, then sets the new one', async () => {
    const app = applicationHarness();
    const ada = await signUp(app, 'ada@example.com');
    await expect(
      changePassword(app, ada, 'Wrong-Horse-1', 'Battery-Staple-9'),
    ).rejects.toMatchObject({ errorName: 'INVALID_CREDENTIALS' });
    await expect(changePassword(app, ada, 'Correct-Horse-1', 'short')).rejects.toMatchObject({
      errorName: 'WEAK_PASSWORD',
    });
    await changePassword(app, ada, 'Correct-Horse-1', 'Battery-Staple-9');
    const changed = app.store.all.filter((e) => e.type === PasswordChanged);
    expect(changed.map((e) => (e.data as { reason: string }).reason)).toEqual(['change']);
    await expect(signIn(app, 'ada@example.com', 'Correct-Horse-1')).rejects.toMatchObject({
      errorName: 'INVALID_CREDENTIALS',
    });
    await signIn(app, 'ada@example.com', 'Battery-Staple-9');
  });

  it('limits current-password guesses per account before any argon2 work', async () => {
    const app = applicationHarness();
    const ada = await signUp(app, 'ada@example.com');
    const before = app.hasher.verifications;
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () =>
        changePassword(app, ada, 'Guess-Horse-1', 'Battery-Staple-9'),
      ),
    );
    const names = results.map((r) => ((r as PromiseRejectedResult).reason as AuthError).errorName);
    expect(names.filter((n) => n === 'INVALID_CREDENTIALS')).toHaveLength(10);
    expect(names.filter((n) => n === 'RATE_LIMIT_EXCEEDED')).toHaveLength(20);
    expect(app.hasher.verifications - before).toBe(10);
  });

  it('with revoke_sessions, revokes every other session and keeps the caller', async () => {
    const app = applicationHarness();
    const ada = await signUp(app, 'ada@example.com');
    const phone = await signIn(app, 'ada@example.com', 'Correct-Horse-1');
    const laptop = await signIn(app, 'ada@example.com', 'Correct-Horse-1');
    await changePassword(app, laptop, 'Correct-Horse-1', 'Battery-Staple-9', true);
    const revoked = app.store.all
      .filter((e) => e.type === SessionRevoked)
      .map((e) => (e.data as { sessionId: string; bySessionId: string }).sessionId);
    expect(revoked.sort()).toEqual([ada.sessionId, phone.sessionId].sort());
    expect((await app.sessions.get(laptop.sessionId)).status).toBe('active');
  });

  it('lets a passwordless account set its first password only with the mailed code', async () => {
    const app = applicationHarness();
    const grace = await signUp(app, 'grace@example.com', null);
    await expect(changePassword(app, grace, '', 'weak')).rejects.toMatchObject({
      errorName: 'WEAK_PASSWORD',
    });
    await expect(changePassword(app, grace, '', 'Battery-Staple-9')).rejects.toMatchObject({
      errorName: 'INVALID_CODE',
      detail: PASSWORD_SETUP_CODE_SENT,
    });
    const code = app.secrets.lastCode();
    const mailed = app.store.all.find((e) => e.type === 'account.password-setup-requested.v1')!;
    expect(mailed.data).toMatchObject({ email: 'grace@example.com' });
    expect(readableSealer.open((mailed.data as { sealedCode: string }).sealedCode)).toBe(code);
    await expect(changePassword(app, grace, '000000', 'Battery-Staple-9')).rejects.toMatchObject({
      errorName: 'INVALID_CODE',
    });
    await changePassword(app, grace, code, 'Battery-Staple-9');
    expect(await account(app, grace)).toMatchObject({ hasPassword: true });
    await signIn(app, 'grace@example.com', 'Battery-Staple-9');
    // Now it has a password: the code is no way in any more, the password is.
    await expect(changePassword(app, grace, code, 'Other-Staple-9')).rejects.toMatchObject({
      errorName: 'INVALID_CREDENTIALS',
    });
  });
});

describe('settings.changeEmail', () => {
  it('moves the address only when the code comes back, and mails the old address an undo link', async () => {
    const app = applicationHarness();
    const ada = await signUp(app, 'ada@example.com');
    await changeEmail(app, ada, 'Ada@New.example');
    const code = app.secrets.lastCode();
    expect(await account(app, ada)).toMatchObject({ email: 'ada@example.com' });
    await signIn(app, 'ada@example.com', 'Correct-Horse-1');
    // Not signed in, or signed in to another account: the code does nothing.
    await expect(verifyAs(app, null, 'ada@new.example', code)).rejects.toMatchObject({
      errorName: 'INVALID_CODE',
    });
    const bob = await signUp(app, 'bob@example.com');
    await expect(verifyAs(app, bob, 'ada@new.example', code)).rejects.toMatchObject({
      errorName: 'INVALID_CODE',
    });
    await verifyAs(app, ada, 'ADA@new.example', code);
    expect(await account(app, ada)).toMatchObject({ email: 'Ada@New.example', confirmed: true });
    await signIn(app, 'ada@new.example', 'Correct-Horse-1');
    await expect(signIn(app, 'ada@example.com', 'Correct-Horse-1')).rejects.toMatchObject({
      errorName: 'INVALID_CREDENTIALS',
    });
    // The old address stays the account's for the undo window: nobody else can take it.
    await expect(signUp(app, 'ada@example.com')).rejects.toMatchObject({
      errorName: 'EMAIL_ALREADY_EXISTS',
    });
    const changed = app.store.all.find((e) => e.type === EmailChanged)!;
    expect(changed.data).toMatchObject({
      previousEmail: 'ada@example.com',
      email: 'Ada@New.example',
    });
  });

  it('refuses an address another account holds, without mailing it', async () => {
    const app = applicationHarness();
    const ada = await signUp(app, 'ada@example.com');
    await signUp(app, 'bob@example.com');
    await expect(changeEmail(app, ada, 'BOB@example.com')).rejects.toMatchObject({
      errorName: 'EMAIL_ALREADY_EXISTS',
    });
    expect(app.store.all.some((e) => e.type === 'account.email-change-requested.v1')).toBe(false);
  });

  it('limits change requests per account (mail to strangers)', async () => {
    const app = applicationHarness();
    const ada = await signUp(app, 'ada@example.com');
    const names: string[] = [];
    for (let i = 0; i < 12; i++) {
      app.clock.advance(2 * 60 * 60_000);
      await changeEmail(app, ada, `stranger${i}@example.org`).then(
        () => names.push('ok'),
        (error: AuthError) => names.push(error.errorName),
      );
    }
    expect(names.slice(0, 10).every((n) => n === 'ok')).toBe(true);
    expect(names.slice(10)).toEqual(['RATE_LIMIT_EXCEEDED', 'RATE_LIMIT_EXCEEDED']);
  });

  it('undoes the change from the old address, signs every device out, and drops the later changes', async () => {
    const app = applicationHarness();
    const ada = await signUp(app, 'ada@example.com');
    await moveEmail(app, ada, 'ada@new.example');
    const firstUndo = undoToken(app);
    app.clock.advance(10 * 60_000);
    await moveEmail(app, ada, 'ada@third.example');
    const secondUndo = undoToken(app);
    const userId = ada.user.userId;
    expect(await app.describeEmailUndo.execute(new DescribeEmailUndoQuery(userId, firstUndo))).toBe(
      true,
    );
    expect(await app.describeEmailUndo.execute(new DescribeEmailUndoQuery(userId, 'forged'))).toBe(
      false,
    );
    await expect(
      app.undoEmailChange.execute(new UndoEmailChangeCommand(userId, 'forged', context())),
    ).rejects.toMatchObject({ errorName: 'INVALID_CODE' });
    await app.undoEmailChange.execute(new UndoEmailChangeCommand(userId, firstUndo, context()));
    expect(await account(app, ada)).toMatchObject({ email: 'ada@example.com', confirmed: true });
    expect((await app.sessions.get(ada.sessionId)).status).toBe('revoked');
    await signIn(app, 'ada@example.com', 'Correct-Horse-1');
    await expect(
      app.undoEmailChange.execute(new UndoEmailChangeCommand(userId, firstUndo, context())),
    ).rejects.toMatchObject({ errorName: 'INVALID_CODE' });
    await expect(
      app.undoEmailChange.execute(new UndoEmailChangeCommand(userId, secondUndo, context())),
    ).rejects.toMatchObject({ errorName: 'INVALID_CODE' });
  });

  it('moves back to a previous address the account still keeps, minutes later', async () => {
    const app = applicationHarness();
    const ada = await signUp(app, 'ada@example.com');
    await moveEmail(app, ada, 'ada@new.example');
    app.clock.advance(10 * 60_000);
    await moveEmail(app, ada, 'ada@example.com');
    expect(await account(app, ada)).toMatchObject({ email: 'ada@example.com', confirmed: true });
    await signIn(app, 'ada@example.com', 'Correct-Horse-1');
  });

  it('refuses the undo link after the window, and then frees the old address for others', async () => {
    const app = applicationHarness({ emailUndoWindowMs: DAY });
    const ada = await signUp(app, 'ada@example.com');
    await moveEmail(app, ada, 'ada@new.example');
    const token = undoToken(app);
    app.clock.advance(DAY);
    await expect(
      app.undoEmailChange.execute(new UndoEmailChangeCommand(ada.user.userId, token, context())),
    ).rejects.toMatchObject({ errorName: 'INVALID_CODE' });
    await expect(signUp(app, 'ada@example.com')).rejects.toMatchObject({
      errorName: 'EMAIL_ALREADY_EXISTS',
    });
    app.clock.advance(ABANDONED_RESERVATION_AFTER_MS);
    const newcomer = await signUp(app, 'ada@example.com');
    expect(newcomer.user.userId).not.toBe(ada.user.userId);
    await signIn(app, 'ada@new.example', 'Correct-Horse-1');
  });

  it('gives one new address to exactly one of two accounts racing for it (50 parallel tries)', async () => {
    const app = applicationHarness({ rateLimits: { enabled: false } });
    const ada = await signUp(app, 'ada@example.com');
    const bob = await signUp(app, 'bob@example.com');
    await changeEmail(app, ada, 'prize@example.org');
    const adaCode = app.secrets.lastCode();
    await changeEmail(app, bob, 'prize@example.org');
    const bobCode = app.secrets.lastCode();
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        i % 2 === 0
          ? verifyAs(app, ada, 'prize@example.org', adaCode).then(() => ada.user.userId)
          : verifyAs(app, bob, 'prize@example.org', bobCode).then(() => bob.user.userId),
      ),
    );
    const winners = new Set(
      results
        .filter((r) => r.status === 'fulfilled')
        .map((r) => (r as PromiseFulfilledResult<string>).value),
    );
    expect(winners.size).toBe(1);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
      expect(['INVALID_CODE', 'EMAIL_ALREADY_EXISTS', 'CONFLICT']).toContain(
        (r.reason as AuthError).errorName,
      );
    }
    const [winner] = [...winners];
    expect(app.store.all.filter((e) => e.type === EmailChanged)).toHaveLength(1);
    const prize = app.store.all.filter(
      (e) => e.streamId === 'email-k:prize@example.org' && e.type === EmailReserved,
    );
    expect(prize.map((e) => (e.data as { userId: string }).userId)).toEqual([winner]);
    expect(app.store.all.some((e) => e.type === EmailReleased)).toBe(false);
    const loser = winner === ada.user.userId ? bob : ada;
    expect(await account(app, loser)).toMatchObject({
      email: loser === ada ? 'ada@example.com' : 'bob@example.com',
    });
  });
});
