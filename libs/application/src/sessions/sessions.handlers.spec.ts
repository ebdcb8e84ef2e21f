import { AuthError, SessionSeen } from '@tangle/contracts';
import { SignUpCommand } from '../accounts/sign-up.command';
import { applicationHarness, context, DEVICE } from '../testing/application-harness';
import { AuthorizeCommand } from './authorize.command';
import { RevokeSessionsCommand } from './revoke-sessions.command';

async function withUser(activityIntervalMs?: number) {
  const app = applicationHarness({ activityIntervalMs });
  const ada = await app.signUp.execute(new SignUpCommand({ name: 'Ada' }, DEVICE, 'en', context()));
  const bob = await app.signUp.execute(new SignUpCommand({ name: 'Bob' }, DEVICE, 'en', context()));
  return { app, ada, bob };
}

describe('Authorize', () => {
  it('resumes a session from its token', async () => {
    const { app, ada } = await withUser();
    await expect(
      app.authorize.execute(new AuthorizeCommand(ada.token, context())),
    ).resolves.toMatchObject({
      sessionId: ada.sessionId,
      user: { userId: ada.user.userId, name: 'Ada' },
    });
  });

  it.each([['garbage'], ['1.2'], ['']])('refuses %j with INVALID_TOKEN', async (token) => {
    const { app } = await withUser();
    await expect(
      app.authorize.execute(new AuthorizeCommand(token, context())),
    ).rejects.toMatchObject({
      errorName: 'INVALID_TOKEN',
    });
  });

  it('refuses a token with the right session but the wrong secret', async () => {
    const { app, ada } = await withUser();
    const forged = `${ada.sessionId}.secret999999`;
    await expect(
      app.authorize.execute(new AuthorizeCommand(forged, context())),
    ).rejects.toMatchObject({
      errorName: 'INVALID_TOKEN',
    });
  });

  it('records activity at most once per interval', async () => {
    const { app, ada } = await withUser(60_000);
    const seen = () =>
      app.store.all.filter(
        (e) =>
          e.type === SessionSeen && (e.data as { sessionId: string }).sessionId === ada.sessionId,
      ).length;
    await app.authorize.execute(new AuthorizeCommand(ada.token, context()));
    expect(seen()).toBe(0);
    app.clock.advance(60_000);
    await Promise.all(
      Array.from({ length: 20 }, () =>
        app.authorize.execute(new AuthorizeCommand(ada.token, context())),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen()).toBe(1);
    expect(app.sessions.peek(ada.sessionId)).toMatchObject({ lastSeenAt: app.clock.now() });
  });

  it('moves a session found ended out of the live entries, and keeps refusing it without a read', async () => {
    const { app, ada } = await withUser();
    const live = app.sessions.counts().entries;
    app.clock.advance(31 * 86_400_000); // past the idle timeout
    await expect(
      app.authorize.execute(new AuthorizeCommand(ada.token, context())),
    ).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
    expect(app.sessions.counts()).toMatchObject({ entries: live - 1, tombstones: 1 });
    const reads = jest.spyOn(app.store, 'readStream');
    await expect(
      app.authorize.execute(new AuthorizeCommand(ada.token, context())),
    ).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
    expect(reads).not.toHaveBeenCalled();
  });

  it('refuses a token for an unknown session without pushing live sessions out', async () => {
    const { app, ada } = await withUser();
    const live = app.sessions.counts().entries;
    for (let i = 0; i < 50; i++) {
      await expect(
        app.authorize.execute(new AuthorizeCommand(`${900_000 + i}.secret`, context())),
      ).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
    }
    expect(app.sessions.counts().entries).toBe(live);
    await expect(
      app.authorize.execute(new AuthorizeCommand(ada.token, context())),
    ).resolves.toMatchObject({ sessionId: ada.sessionId });
  });
});

describe('RevokeSessions', () => {
  it("revokes one's own session, after which its token is refused", async () => {
    const { app, ada } = await withUser();
    const result = await app.revoke.execute(
      new RevokeSessionsCommand([ada.sessionId], ada.user.userId, ada.sessionId, context()),
    );
    expect(result.revoked).toEqual([ada.sessionId]);
    await expect(
      app.authorize.execute(new AuthorizeCommand(ada.token, context())),
    ).rejects.toMatchObject({
      errorName: 'INVALID_TOKEN',
    });
  });

  it('revokes nothing when one id belongs to someone else', async () => {
    const { app, ada, bob } = await withUser();
    const error = await app.revoke
      .execute(
        new RevokeSessionsCommand(
          [ada.sessionId, bob.sessionId],
          ada.user.userId,
          ada.sessionId,
          context(),
        ),
      )
      .catch((e: AuthError) => e);
    expect(error).toMatchObject({ errorName: 'NOT_FOUND' });
    expect(app.sessions.peek(ada.sessionId)).toMatchObject({ status: 'active' });
  });

  it('refuses ids that are not snowflakes with INVALID_ARGUMENT, and unknown ones with NOT_FOUND', async () => {
    const { app, ada } = await withUser();
    await expect(
      app.revoke.execute(
        new RevokeSessionsCommand(['abc'], ada.user.userId, ada.sessionId, context()),
      ),
    ).rejects.toMatchObject({ errorName: 'INVALID_ARGUMENT' });
    await expect(
      app.revoke.execute(
        new RevokeSessionsCommand(['999999'], ada.user.userId, ada.sessionId, context()),
      ),
    ).rejects.toMatchObject({ errorName: 'NOT_FOUND' });
  });
});
