import {
  AccountSessionLinked,
  AccountSessionUnlinked,
  SessionRevoked,
  type SessionRevokedData,
} from '@tangle/contracts';
import { activeSessionsOf } from '@tangle/domain';
import { ResetPasswordCommand } from '../accounts/reset-password.command';
import { SignInCommand } from '../accounts/sign-in.command';
import { SignUpCommand } from '../accounts/sign-up.command';
import {
  applicationHarness,
  context,
  DEVICE,
  TEST_SESSION_POLICY,
} from '../testing/application-harness';
import { metadataFor } from '../shared/request-context';
import { RevokeSessionsCommand } from './revoke-sessions.command';

const fields = { name: 'Ada', email: 'ada@example.com', password: 'Correct-Horse-1' };

async function signedUp() {
  const app = applicationHarness({ rateLimits: { enabled: false } });
  const first = await app.signUp.execute(new SignUpCommand(fields, DEVICE, 'en', context()));
  return { app, userId: first.user.userId, first };
}

const signIn = (app: ReturnType<typeof applicationHarness>) =>
  app.signIn.execute(new SignInCommand(fields, DEVICE, context()));

const ofType = (app: ReturnType<typeof applicationHarness>, type: string) =>
  app.store.all.filter((e) => e.type === type);

/** A password reset by the mailed code, as its owner does it. */
async function resetPassword(app: {
  resetPassword: { execute(command: ResetPasswordCommand): Promise<unknown> };
  secrets: { lastCode(): string };
}): Promise<void> {
  await app.resetPassword.execute(
    new ResetPasswordCommand({ email: fields.email }, 'en', context()),
  );
  const code = app.secrets.lastCode();
  await app.resetPassword.execute(
    new ResetPasswordCommand(
      { email: fields.email, confirm: { code, newPassword: 'New-Horse-2' } },
      'en',
      context(),
    ),
  );
}

describe('the account keeps its active sessions only', () => {
  it('records each link with its end, and unlinks a session signed out', async () => {
    const { app, userId, first } = await signedUp();
    const linked = ofType(app, AccountSessionLinked);
    expect(linked.at(-1)!.data).toMatchObject({
      sessionId: first.sessionId,
      expiresAt: app.clock.now() + TEST_SESSION_POLICY.rememberedLifetimeMs,
    });
    await app.revoke.execute(
      new RevokeSessionsCommand([first.sessionId], userId, first.sessionId, context()),
    );
    expect(ofType(app, AccountSessionUnlinked).map((e) => e.data)).toEqual([
      expect.objectContaining({ sessionId: first.sessionId, reason: 'revoked-by-user' }),
    ]);
    expect(activeSessionsOf(await app.accounts.get(userId), app.clock.now())).toEqual([]);
  });

  it('given many past sessions, holds only the live ones, and a reset revokes only those', async () => {
    const { app, userId, first } = await signedUp();
    const past: string[] = [first.sessionId];
    // 40 sessions signed out, 40 more left to run out their lifetime.
    for (let i = 0; i < 40; i++) {
      const session = await signIn(app);
      await app.revoke.execute(
        new RevokeSessionsCommand([session.sessionId], userId, session.sessionId, context()),
      );
      past.push((await signIn(app)).sessionId);
    }
    app.clock.advance(TEST_SESSION_POLICY.rememberedLifetimeMs);
    const live = [(await signIn(app)).sessionId, (await signIn(app)).sessionId];

    const state = await app.accounts.get(userId);
    expect(state.status === 'registered' && [...state.activeSessions.ends.keys()]).toEqual(live);

    const revokedBefore = ofType(app, SessionRevoked).length;
    await resetPassword(app);
    const byReset = ofType(app, SessionRevoked)
      .slice(revokedBefore)
      .map((e) => e.data as SessionRevokedData);
    expect(byReset.map((r) => [r.sessionId, r.reason])).toEqual(
      live.map((id) => [id, 'password-reset']),
    );
    expect(past.some((id) => byReset.some((r) => r.sessionId === id))).toBe(false);
    expect(activeSessionsOf(await app.accounts.get(userId), app.clock.now())).toEqual([]);
  });

  it('keeps a link whose session has not started when a reset finds no stream for it', async () => {
    const { app, userId } = await signedUp();
    // A sign-in cut short, or one being opened: linked on the account, its stream not yet there.
    await app.accountStream.decide(
      userId,
      {
        kind: 'link-session',
        sessionId: '987654321',
        verifiedPasswordHash: null,
        secondFactor: null,
        expiresAt: app.clock.now() + TEST_SESSION_POLICY.lifetimeMs,
        at: app.clock.now(),
      },
      metadataFor(context(), app.clock.now()),
    );
    await resetPassword(app);
    // The next reset still finds it, should it start after all.
    expect(activeSessionsOf(await app.accounts.get(userId), app.clock.now())).toEqual([
      '987654321',
    ]);
  });
});
