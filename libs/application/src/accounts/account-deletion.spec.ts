import {
  AccountDeleted,
  AccountRegistered,
  AccountDeletionCancelled,
  EmailReleased,
  SessionRevoked,
  UsernameReleased,
} from '@tangle/contracts';
import { RegisterCommand } from '../login/register.command';
import { AuthorizeCommand } from '../sessions/authorize.command';
import { applicationHarness, context, DEVICE } from '../testing/application-harness';
import { metadataFor } from '../shared/request-context';
import { DeleteAccountCommand } from './delete-account.command';
import { GetAccountProfileQuery } from './get-account-profile.query';
import { SignInCommand } from './sign-in.command';
import { SignUpCommand } from './sign-up.command';

const DAY = 86_400_000;
const PASSWORD = 'Correct-Horse-1';

async function withAccount(options: Parameters<typeof applicationHarness>[0] = {}) {
  const app = applicationHarness(options);
  const ada = await app.signUp.execute(
    new SignUpCommand(
      { name: 'Ada', email: 'Ada@example.com', password: PASSWORD },
      DEVICE,
      'en',
      context(),
    ),
  );
  const userId = ada.user.userId;
  const signedIn = { ...context(), actorUserId: userId, actorSessionId: ada.sessionId };
  const request = (cancel = false) =>
    app.deleteAccount.execute(
      new DeleteAccountCommand(userId, cancel, { ...signedIn, correlationId: `c${Math.random()}` }),
    );
  const events = (type: string) => app.store.all.filter((e) => e.type === type);
  return { app, ada, userId, request, events };
}

describe('account deletion', () => {
  it('marks the account pending for the grace period, readable in its profile', async () => {
    const { app, userId, request } = await withAccount();
    const now = app.clock.now();
    expect(await request()).toMatchObject({ dueAt: now + 7 * DAY });
    const profile = await app.profile.execute(new GetAccountProfileQuery(userId));
    expect(profile.pendingDeletion).toEqual({ requestedAt: now, dueAt: now + 7 * DAY });
    expect(app.erasure.pending().get(userId)).toBe(now + 7 * DAY);
    // Asking again keeps the first due time.
    app.clock.advance(DAY);
    expect(await request()).toMatchObject({ dueAt: now + 7 * DAY, position: null });
  });

  it('does nothing before the grace ends, then deletes and forgets the account', async () => {
    const { app, ada, userId, request, events } = await withAccount();
    await request();
    app.clock.advance(7 * DAY - 1);
    expect(await app.erasure.sweep()).toEqual([]);
    expect(events(AccountDeleted)).toHaveLength(0);

    app.clock.advance(1);
    expect(await app.erasure.sweep()).toEqual([userId]);
    expect(events(AccountDeleted)).toHaveLength(1);
    expect(events(EmailReleased).map((e) => e.data)).toEqual([
      expect.objectContaining({ userId, reason: 'deleted' }),
    ]);
    expect(events(SessionRevoked).map((e) => e.data)).toEqual([
      expect.objectContaining({ sessionId: ada.sessionId, reason: 'account-deleted' }),
    ]);
    expect(app.dataKeys.destroyed.has(userId)).toBe(true);
    expect(app.erasure.pending().has(userId)).toBe(false);

    await expect(
      app.authorize.execute(new AuthorizeCommand(ada.token, context())),
    ).rejects.toMatchObject({
      errorName: 'INVALID_TOKEN',
    });
    await expect(
      app.signIn.execute(
        new SignInCommand({ email: 'ada@example.com', password: PASSWORD }, DEVICE, context()),
      ),
    ).rejects.toMatchObject({ errorName: 'INVALID_CREDENTIALS' });
    await expect(app.profile.execute(new GetAccountProfileQuery(userId))).rejects.toMatchObject({
      errorName: 'NOT_FOUND',
    });
    await expect(request()).rejects.toMatchObject({ errorName: 'NOT_FOUND' });
    // The address is free for a new account.
    const again = await app.signUp.execute(
      new SignUpCommand(
        { name: 'Eve', email: 'ada@example.com', password: PASSWORD },
        DEVICE,
        'en',
        context(),
      ),
    );
    expect(again.user.userId).not.toBe(userId);
    // A second sweep finds nothing left to do.
    expect(await app.erasure.sweep()).toEqual([]);
    expect(events(AccountDeleted)).toHaveLength(1);
  });

  it('releases a username reserved by registration', async () => {
    const app = applicationHarness();
    await app.register.execute(
      new RegisterCommand(
        { username: 'grace', email: 'grace@example.com' },
        DEVICE,
        'en',
        context(),
      ),
    );
    const registered = app.store.all.find((e) => e.type === AccountRegistered)!;
    const { userId } = registered.data as { userId: string };
    await app.deleteAccount.execute(new DeleteAccountCommand(userId, false, context()));
    app.clock.advance(7 * DAY);
    await app.erasure.sweep();
    expect(app.store.all.filter((e) => e.type === UsernameReleased).map((e) => e.data)).toEqual([
      expect.objectContaining({ userId, reason: 'deleted' }),
    ]);
  });

  it('is cancelled by the owner, and then never carried out', async () => {
    const { app, userId, request, events } = await withAccount();
    await request();
    expect(await request(true)).toEqual({ dueAt: null, position: expect.anything() });
    expect(events(AccountDeletionCancelled).map((e) => e.data)).toEqual([
      expect.objectContaining({ reason: 'cancelled' }),
    ]);
    app.clock.advance(8 * DAY);
    expect(await app.erasure.sweep()).toEqual([]);
    expect(events(AccountDeleted)).toHaveLength(0);
    expect(
      (await app.profile.execute(new GetAccountProfileQuery(userId))).pendingDeletion,
    ).toBeNull();
  });

  it('is cancelled by a sign-in of the owner during the grace period', async () => {
    const { app, request, events } = await withAccount();
    await request();
    app.clock.advance(DAY);
    await app.signIn.execute(
      new SignInCommand({ email: 'ada@example.com', password: PASSWORD }, DEVICE, context()),
    );
    expect(events(AccountDeletionCancelled).map((e) => e.data)).toEqual([
      expect.objectContaining({ reason: 'signed-in' }),
    ]);
    app.clock.advance(7 * DAY);
    expect(await app.erasure.sweep()).toEqual([]);
    expect(events(AccountDeleted)).toHaveLength(0);
  });

  it('a wrong password does not cancel it', async () => {
    const { app, request, events } = await withAccount();
    await request();
    await expect(
      app.signIn.execute(
        new SignInCommand(
          { email: 'ada@example.com', password: 'Wrong-Horse-1' },
          DEVICE,
          context(),
        ),
      ),
    ).rejects.toMatchObject({ errorName: 'INVALID_CREDENTIALS' });
    expect(events(AccountDeletionCancelled)).toHaveLength(0);
  });

  it('survives a restart: a new process learns the pending deletion from the read model, not the log', async () => {
    const first = await withAccount();
    await first.request();
    const second = applicationHarness({ store: first.app.store });
    await second.following;
    // The follower began at the end of the log: nothing of the request came through it.
    expect(second.erasure.pending().size).toBe(0);
    second.clock.advance(7 * DAY - 1);
    expect(await second.erasure.sweep()).toEqual([]);
    expect(second.erasure.pending().get(first.userId)).toBe(first.app.clock.now() + 7 * DAY);
    second.clock.advance(1);
    expect(await second.erasure.sweep()).toEqual([first.userId]);
    expect(first.events(AccountDeleted)).toHaveLength(1);
  });

  it('after a restart, a cancel heard live wins over a read model that has not caught up', async () => {
    const first = await withAccount();
    await first.request();
    const second = applicationHarness({ store: first.app.store });
    second.deletionRecords.upTo = first.app.store.all.length; // behind: stops at the request
    await second.following;
    await first.request(true); // cancelled on the first process, after the second started
    await new Promise((resolve) => setTimeout(resolve, 20));
    second.clock.advance(8 * DAY);
    expect(await second.erasure.sweep()).toEqual([]);
    expect(second.erasure.pending().has(first.userId)).toBe(false);
    expect(first.events(AccountDeleted)).toHaveLength(0);
  });

  it('after a restart, an erasure left unfinished before it is finished', async () => {
    const first = await withAccount();
    await first.request();
    first.app.clock.advance(7 * DAY);
    // Deleted, then the process stopped before the rest of the erasure.
    await first.app.accountStream.decide(
      first.userId,
      { kind: 'delete', at: first.app.clock.now() },
      metadataFor(context(), first.app.clock.now()),
    );
    expect(first.events(EmailReleased)).toHaveLength(0);
    const second = applicationHarness({ store: first.app.store });
    second.clock.advance(7 * DAY);
    await second.following;
    expect(await second.erasure.sweep()).toEqual([first.userId]);
    expect(first.events(EmailReleased)).toHaveLength(1);
    expect(second.dataKeys.destroyed.has(first.userId)).toBe(true);
  });

  it('two processes sweeping at once delete once', async () => {
    const first = await withAccount();
    await first.request();
    const second = applicationHarness({ store: first.app.store });
    await new Promise((resolve) => setTimeout(resolve, 20));
    first.app.clock.advance(7 * DAY);
    second.clock.advance(7 * DAY);
    await Promise.all([
      first.app.erasure.sweep(),
      second.erasure.sweep(),
      first.app.erasure.sweep(),
    ]);
    expect(first.events(AccountDeleted)).toHaveLength(1);
    expect(first.events(EmailReleased)).toHaveLength(1);
    expect(first.events(SessionRevoked)).toHaveLength(1);
  });

  it('is rate limited per account', async () => {
    const { request } = await withAccount();
    for (let i = 0; i < 5; i++) {
      await request();
      await request(true);
    }
    await expect(request()).rejects.toMatchObject({ errorName: 'RATE_LIMIT_EXCEEDED' });
  });
});
