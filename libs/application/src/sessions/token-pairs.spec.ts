import { AccountSessionUnlinked, SessionRefreshed, SessionRevoked } from '@tangle/contracts';
import { SignInCommand } from '../accounts/sign-in.command';
import { SignUpCommand } from '../accounts/sign-up.command';
import { defaultRateLimitRules } from '../limits/rate-limit-rules';
import { applicationHarness, context, DEVICE } from '../testing/application-harness';
import { AuthorizeCommand } from './authorize.command';
import { RefreshSessionCommand } from './refresh-session.command';
import { RevokeSessionsCommand } from './revoke-sessions.command';

const DAY = 86_400_000;
const PAIR = { kind: 'token-pair', remembered: false } as const;

async function gatewayUser(options: Parameters<typeof applicationHarness>[0] = {}) {
  const app = applicationHarness(options);
  const fields = { name: 'Ada', email: 'ada@example.com', password: 'Correct-Horse-1' };
  await app.signUp.execute(new SignUpCommand(fields, DEVICE, 'en', context()));
  const signedIn = await app.signIn.execute(new SignInCommand(fields, DEVICE, context(), PAIR));
  return { app, signedIn };
}

const refresh = (app: ReturnType<typeof applicationHarness>, token: string) =>
  app.refresh.execute(new RefreshSessionCommand(token, context()));

const events = (app: ReturnType<typeof applicationHarness>, type: string, sessionId: string) =>
  app.store.all.filter(
    (e) => e.type === type && (e.data as { sessionId: string }).sessionId === sessionId,
  );

describe('token-pair sessions (the gateway API)', () => {
  it('signs in with a refresh token and an access token, and no usable session token', async () => {
    const { app, signedIn } = await gatewayUser();
    expect(signedIn.token).toMatch(/^r:/);
    expect(signedIn.access).toMatchObject({ expiresIn: 3600 });
    await expect(
      app.authorize.execute(new AuthorizeCommand(signedIn.access!.token, context())),
    ).resolves.toMatchObject({ sessionId: signedIn.sessionId, user: { name: 'Ada' } });
    // The refresh token is no session token.
    await expect(
      app.authorize.execute(new AuthorizeCommand(signedIn.token, context())),
    ).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
  });

  it('rotates the refresh token on every refresh', async () => {
    const { app, signedIn } = await gatewayUser();
    const first = await refresh(app, signedIn.token);
    expect(first.token).not.toBe(signedIn.token);
    expect(first.access!.token).not.toBe(signedIn.access!.token);
    const second = await refresh(app, first.token);
    expect(second.token).not.toBe(first.token);
    expect(events(app, SessionRefreshed, signedIn.sessionId)).toHaveLength(2);
  });

  it('answers a retry within the grace with the same successor, and rotates nothing more', async () => {
    const { app, signedIn } = await gatewayUser();
    const lost = await refresh(app, signedIn.token);
    app.clock.advance(9_000);
    const retried = await refresh(app, signedIn.token);
    expect(retried.token).toBe(lost.token);
    expect(events(app, SessionRefreshed, signedIn.sessionId)).toHaveLength(1);
    await expect(refresh(app, lost.token)).resolves.toMatchObject({
      sessionId: signedIn.sessionId,
    });
  });

  it('gives 20 concurrent refreshes with one token a single successor', async () => {
    const { app, signedIn } = await gatewayUser();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => refresh(app, signedIn.token)),
    );
    const tokens = new Set(
      results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.token] : [])),
    );
    expect(tokens.size).toBe(1);
    expect(events(app, SessionRefreshed, signedIn.sessionId)).toHaveLength(1);
    expect(events(app, SessionRevoked, signedIn.sessionId)).toHaveLength(0);
  });

  it('revokes the session when a spent token comes back past the grace', async () => {
    const { app, signedIn } = await gatewayUser();
    const next = await refresh(app, signedIn.token);
    app.clock.advance(10_001);
    await expect(refresh(app, signedIn.token)).rejects.toMatchObject({
      errorName: 'INVALID_TOKEN',
      detail: expect.stringMatching(/already used/),
    });
    const [revoked] = events(app, SessionRevoked, signedIn.sessionId);
    expect(revoked.data).toMatchObject({ reason: 'refresh-token-reused' });
    // The account no longer counts it among its active sessions.
    expect(events(app, AccountSessionUnlinked, signedIn.sessionId)).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ reason: 'refresh-token-reused' }),
      }),
    ]);
    // The thief's newer token dies with the family, and so does the access token.
    await expect(refresh(app, next.token)).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
    await expect(
      app.authorize.execute(new AuthorizeCommand(next.access!.token, context())),
    ).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
  });

  it('does not end a session for a forged token that names it', async () => {
    const { app, signedIn } = await gatewayUser();
    await expect(refresh(app, `r:${signedIn.sessionId}.forged`)).rejects.toMatchObject({
      errorName: 'INVALID_TOKEN',
    });
    expect(events(app, SessionRevoked, signedIn.sessionId)).toHaveLength(0);
    await expect(refresh(app, signedIn.token)).resolves.toBeDefined();
  });

  it('refuses an access token of a revoked session', async () => {
    const { app, signedIn } = await gatewayUser();
    await app.revoke.execute(
      new RevokeSessionsCommand(
        [signedIn.sessionId],
        signedIn.user.userId,
        signedIn.sessionId,
        context(),
      ),
    );
    await expect(
      app.authorize.execute(new AuthorizeCommand(signedIn.access!.token, context())),
    ).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
    await expect(refresh(app, signedIn.token)).rejects.toMatchObject({
      errorName: 'INVALID_TOKEN',
    });
  });

  it('refuses an expired access token while the session lives', async () => {
    const { app, signedIn } = await gatewayUser();
    app.clock.advance(3_600_000);
    await expect(
      app.authorize.execute(new AuthorizeCommand(signedIn.access!.token, context())),
    ).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
    await expect(refresh(app, signedIn.token)).resolves.toBeDefined();
  });

  it('limits refreshes per client address', async () => {
    const { app, signedIn } = await gatewayUser({
      rateLimits: {
        rules: {
          ...defaultRateLimitRules(),
          refresh: { addr: { count: 2, windowMs: 60_000 } },
        },
      },
    });
    let token = signedIn.token;
    for (let i = 0; i < 2; i++) token = (await refresh(app, token)).token;
    await expect(refresh(app, token)).rejects.toMatchObject({ errorName: 'RATE_LIMIT_EXCEEDED' });
  });
});

describe('session lifetimes', () => {
  it('ends a session that did not ask to be remembered after its lifetime, on every door', async () => {
    const { app, signedIn } = await gatewayUser();
    app.clock.advance(DAY - 60_000);
    const late = await refresh(app, signedIn.token);
    app.clock.advance(60_000);
    await expect(refresh(app, late.token)).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
    await expect(
      app.authorize.execute(new AuthorizeCommand(late.access!.token, context())),
    ).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
  });

  it('keeps a remembered session past the short lifetime', async () => {
    const app = applicationHarness();
    const fields = { name: 'Ada', email: 'ada@example.com', password: 'Correct-Horse-1' };
    await app.signUp.execute(new SignUpCommand(fields, DEVICE, 'en', context()));
    const signedIn = await app.signIn.execute(
      new SignInCommand(fields, DEVICE, context(), { kind: 'token-pair', remembered: true }),
    );
    app.clock.advance(2 * DAY);
    await expect(refresh(app, signedIn.token)).resolves.toBeDefined();
  });

  it('ends an app session (session token) after the idle timeout, and not before', async () => {
    const app = applicationHarness({ sessionPolicy: { idleTimeoutMs: 7 * DAY } });
    const ada = await app.signUp.execute(
      new SignUpCommand({ name: 'Ada' }, DEVICE, 'en', context()),
    );
    app.clock.advance(6 * DAY);
    await app.authorize.execute(new AuthorizeCommand(ada.token, context()));
    await new Promise((resolve) => setTimeout(resolve, 10)); // the activity write
    app.clock.advance(6 * DAY);
    await expect(
      app.authorize.execute(new AuthorizeCommand(ada.token, context())),
    ).resolves.toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 10));
    app.clock.advance(7 * DAY);
    await expect(
      app.authorize.execute(new AuthorizeCommand(ada.token, context())),
    ).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
  });

  it('ends an app session at its absolute end however busy it is', async () => {
    const app = applicationHarness({ sessionPolicy: { rememberedLifetimeMs: 3 * DAY } });
    const ada = await app.signUp.execute(
      new SignUpCommand({ name: 'Ada' }, DEVICE, 'en', context()),
    );
    for (let day = 1; day < 3; day++) {
      app.clock.advance(DAY);
      await app.authorize.execute(new AuthorizeCommand(ada.token, context()));
    }
    app.clock.advance(DAY);
    await expect(
      app.authorize.execute(new AuthorizeCommand(ada.token, context())),
    ).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
  });
});
