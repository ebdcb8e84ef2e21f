import { createHash } from 'node:crypto';
import {
  AccountOAuthLinked,
  AccountOAuthUnlinked,
  AccountRegistered,
  AuthError,
  EmailVerificationRequested,
  EmailVerified,
  OAuthSubjectReleased,
  OAuthSubjectReserved,
  type ErrorName,
} from '@tangle/contracts';
import { AuthorizeCommand } from '../sessions/authorize.command';
import { SignUpCommand } from '../accounts/sign-up.command';
import { VerifyEmailCommand } from '../accounts/verify-email.command';
import { GetAccountProfileQuery } from '../accounts/get-account-profile.query';
import { applicationHarness, context, DEVICE } from '../testing/application-harness';
import { TokenTableVerifier } from '../testing/fake-oauth-verifier';
import type { VerifiedOAuthIdentity } from '../ports';
import { OAUTH_LINK_RECENT_SIGN_IN_MS } from './oauth-links.handlers';
import {
  LinkOAuthCommand,
  OAuthSignInCommand,
  UnlinkOAuthCommand,
  type OAuthTokenFields,
} from './oauth.commands';

type App = ReturnType<typeof applicationHarness>;

async function failure(promise: Promise<unknown>): Promise<ErrorName> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AuthError);
  return (error as AuthError).errorName;
}

function signIn(
  app: App,
  fields: OAuthTokenFields & { firstName?: string; lastName?: string },
  options: { provider?: 'google' | 'apple' | 'facebook'; ip?: string } = {},
) {
  return app.oauthSignIn.execute(
    new OAuthSignInCommand(options.provider ?? 'google', fields, DEVICE, 'en', {
      ...context(),
      clientIp: options.ip ?? '127.0.0.1',
    }),
  );
}

function token(app: App, identity: Partial<VerifiedOAuthIdentity> = {}): string {
  return app.oauthTokens.issue(identity);
}

async function passwordAccount(app: App, email = 'ada@example.com', verify = true) {
  const result = await app.signUp.execute(
    new SignUpCommand({ name: 'Ada', email, password: 'Correct-Horse-1' }, DEVICE, 'en', context()),
  );
  if (verify) {
    await app.verifyEmail.execute(new VerifyEmailCommand(email, app.secrets.lastCode(), context()));
  }
  return result;
}

const asUser = (userId: string, sessionId: string) => ({
  ...context(),
  actorUserId: userId,
  actorSessionId: sessionId,
});

describe('OAuth sign-in', () => {
  it('opens an account for a new subject: name, profile and verified address from the claims, no code mailed', async () => {
    const app = applicationHarness();
    const result = await signIn(app, { idToken: token(app) });
    expect(result).toMatchObject({
      user: { name: 'Ada Lovelace' },
      newAccount: true,
      linked: false,
    });
    const types = app.store.all.map((event) => event.type);
    expect(types).toEqual([
      OAuthSubjectReserved,
      'email.reserved.v1',
      AccountRegistered,
      EmailVerified,
      AccountOAuthLinked,
      'account.session-linked.v1',
      'session.started.v1',
    ]);
    expect(types).not.toContain(EmailVerificationRequested);
    const profile = await app.profile.execute(new GetAccountProfileQuery(result.user.userId));
    expect(profile).toMatchObject({
      email: 'ada@example.com',
      emailVerified: true,
      firstName: 'Ada',
      lastName: 'Lovelace',
    });
    const started = app.store.all.find((event) => event.type === 'session.started.v1')!;
    expect(started.data).toMatchObject({ method: 'oauth', userId: result.user.userId });
  });

  it('signs a known subject in to the same account; the session authorizes', async () => {
    const app = applicationHarness();
    const first = await signIn(app, { idToken: token(app) });
    const again = await signIn(app, { idToken: token(app, { name: 'Someone Else' }) });
    expect(again.user).toEqual(first.user);
    expect(again).toMatchObject({ newAccount: false, linked: false });
    expect(again.sessionId).not.toBe(first.sessionId);
    expect(app.store.all.filter((event) => event.type === AccountRegistered)).toHaveLength(1);
    const authorized = await app.authorize.execute(new AuthorizeCommand(again.token, context()));
    expect(authorized.user.userId).toBe(first.user.userId);
  });

  it('mails a code for an address the provider did not assert verified', async () => {
    const app = applicationHarness();
    const result = await signIn(app, { idToken: token(app, { emailVerified: false }) });
    expect(app.store.all.map((event) => event.type)).toContain(EmailVerificationRequested);
    const profile = await app.profile.execute(new GetAccountProfileQuery(result.user.userId));
    expect(profile.emailVerified).toBe(false);
  });

  it("keeps Apple's name from the first sign-in and never takes a later one; a relay address is kept but not used as a name", async () => {
    const app = applicationHarness();
    const apple = {
      provider: 'apple' as const,
      subject: 'a-1',
      email: 'x7q2k@privaterelay.appleid.com',
      privateRelayEmail: true,
      name: null,
      givenName: null,
      familyName: null,
    };
    const first = await signIn(
      app,
      { idToken: token(app, apple), firstName: 'Grace', lastName: 'Hopper' },
      { provider: 'apple' },
    );
    expect(first.user.name).toBe('Grace Hopper');
    const later = await signIn(
      app,
      { idToken: token(app, apple), firstName: 'Mallory', lastName: 'X' },
      { provider: 'apple' },
    );
    expect(later.user).toEqual(first.user);
    const profile = await app.profile.execute(new GetAccountProfileQuery(first.user.userId));
    expect(profile).toMatchObject({
      firstName: 'Grace',
      lastName: 'Hopper',
      email: 'x7q2k@privaterelay.appleid.com',
    });
    const linked = app.store.all.find((event) => event.type === AccountOAuthLinked)!;
    expect(linked.data).toMatchObject({ privateRelayEmail: true });

    const nameless = await signIn(
      app,
      { idToken: token(app, { ...apple, subject: 'a-2', email: 'q9@privaterelay.appleid.com' }) },
      { provider: 'apple' },
    );
    expect(nameless.user.name).toBe('Apple user');
  });

  it('links a subject to the account holding its address only when both sides have it verified', async () => {
    const app = applicationHarness();
    const account = await passwordAccount(app);
    const result = await signIn(app, { idToken: token(app, { email: 'ADA@example.com' }) });
    expect(result).toMatchObject({ user: account.user, linked: true, newAccount: false });
    const link = app.store.all.find((event) => event.type === AccountOAuthLinked)!;
    expect(link.data).toMatchObject({ origin: 'verified-email', subject: 'g-1' });
    expect((await signIn(app, { idToken: token(app) })).user).toEqual(account.user);
  });

  it('refuses to link by address when the provider does not assert it verified (the takeover)', async () => {
    const app = applicationHarness();
    await passwordAccount(app);
    const attacker = token(app, { subject: 'evil', emailVerified: false });
    expect(await failure(signIn(app, { idToken: attacker }))).toBe('OAUTH_ACCOUNT_EXISTS');
    expect(app.store.all.map((event) => event.type)).not.toContain(AccountOAuthLinked);
    expect(app.store.all.map((event) => event.type)).not.toContain(OAuthSubjectReserved);
  });

  it("refuses to link by address when the account's own address is not verified (pre-hijacked account)", async () => {
    const app = applicationHarness();
    // Someone signed up with the victim's address and a password of theirs, never verified.
    await passwordAccount(app, 'ada@example.com', false);
    expect(await failure(signIn(app, { idToken: token(app) }))).toBe('OAUTH_ACCOUNT_EXISTS');
    expect(app.store.all.map((event) => event.type)).not.toContain(AccountOAuthLinked);
  });

  it('takes over an address whose sign-up never registered, once the reservation is abandoned', async () => {
    const app = applicationHarness();
    await app.store.append(
      'email-k:ada@example.com',
      [
        {
          eventId: '00000000-0000-4000-8000-000000000001',
          type: 'email.reserved.v1',
          data: { userId: 'ghost', email: 'ada@example.com', reservedAt: app.clock.now() },
          metadata: {
            correlationId: 'c',
            causationId: 'c',
            schemaVersion: 1,
            actorUserId: null,
            actorSessionId: null,
            serverTime: app.clock.now(),
          },
        },
      ],
      'no_stream',
    );
    expect(await failure(signIn(app, { idToken: token(app) }))).toBe('OAUTH_ACCOUNT_EXISTS');
    app.clock.advance(61_000);
    const opened = await signIn(app, { idToken: token(app) });
    expect(opened).toMatchObject({ newAccount: true });
    expect((await app.profile.execute(new GetAccountProfileQuery(opened.user.userId))).email).toBe(
      'ada@example.com',
    );
  });

  it('checks the nonce: required when the token has one, matched (plain or SHA-256), accepted once', async () => {
    const app = applicationHarness();
    const withNonce = token(app, { nonce: 'n-123' });
    expect(await failure(signIn(app, { idToken: withNonce }))).toBe('INVALID_TOKEN');
    expect(await failure(signIn(app, { idToken: withNonce, nonce: 'n-999' }))).toBe(
      'INVALID_TOKEN',
    );
    await signIn(app, { idToken: withNonce, nonce: 'n-123' });
    // Replayed: the same token and nonce again, and in parallel.
    expect(await failure(signIn(app, { idToken: withNonce, nonce: 'n-123' }))).toBe(
      'INVALID_TOKEN',
    );
    const hashed = token(app, {
      nonce: createHash('sha256').update('raw-nonce').digest('hex'),
    });
    const parallel = await Promise.allSettled(
      Array.from({ length: 10 }, () => signIn(app, { idToken: hashed, nonce: 'raw-nonce' })),
    );
    expect(parallel.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const noNonce = token(app);
    expect(await failure(signIn(app, { idToken: noNonce, nonce: 'n-1' }))).toBe('INVALID_TOKEN');
  });

  it('opens one account for 20 parallel first sign-ins of one subject; the others sign in to it', async () => {
    const app = applicationHarness();
    const attempts = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        signIn(app, { idToken: token(app) }, { ip: `203.0.113.${i}` }),
      ),
    );
    const users = new Set<string>();
    for (const outcome of attempts) {
      if (outcome.status === 'fulfilled') users.add(outcome.value.user.userId);
      // 20 sessions linked to one account at once may exhaust the stream's retries: the
      // client is told to try again, as for parallel password sign-ins.
      else expect((outcome.reason as AuthError).errorName).toBe('CONFLICT');
    }
    expect(users.size).toBe(1);
    expect(attempts.filter((outcome) => outcome.status === 'fulfilled').length).toBeGreaterThan(1);
    expect(app.store.all.filter((event) => event.type === AccountRegistered)).toHaveLength(1);
    expect(app.store.all.filter((event) => event.type === AccountOAuthLinked)).toHaveLength(1);
  });

  it('answers PROVIDER_NOT_CONFIGURED, INVALID_TOKEN and INVALID_ARGUMENT before any write', async () => {
    const app = applicationHarness({ oauth: new TokenTableVerifier(['google']) });
    expect(await failure(signIn(app, { idToken: 'x' }, { provider: 'apple' }))).toBe(
      'PROVIDER_NOT_CONFIGURED',
    );
    expect(await failure(signIn(app, { idToken: 'forged' }))).toBe('INVALID_TOKEN');
    expect(await failure(signIn(app, {}))).toBe('INVALID_ARGUMENT');
    expect(app.store.all).toHaveLength(0);
  });

  it('rate limits sign-ins per address, valid or not', async () => {
    const app = applicationHarness();
    for (let i = 0; i < 30; i++) await failure(signIn(app, { idToken: `forged-${i}` }));
    expect(await failure(signIn(app, { idToken: token(app) }))).toBe('RATE_LIMIT_EXCEEDED');
    await signIn(app, { idToken: token(app) }, { ip: '198.51.100.7' });
  });
});

describe('OAuth links of a signed-in user', () => {
  it('links and unlinks providers; the last way to sign in cannot be removed', async () => {
    const app = applicationHarness();
    const google = await signIn(app, { idToken: token(app) });
    const me = asUser(google.user.userId, google.sessionId);
    expect(await failure(app.unlinkOAuth.execute(new UnlinkOAuthCommand('google', me)))).toBe(
      'LAST_SIGN_IN_METHOD',
    );
    const apple = token(app, { provider: 'apple', subject: 'a-1', email: 'ada@icloud.com' });
    const links = await app.linkOAuth.execute(
      new LinkOAuthCommand('apple', { idToken: apple }, me),
    );
    expect(links.map((link) => link.provider)).toEqual(['google', 'apple']);
    const after = await app.unlinkOAuth.execute(new UnlinkOAuthCommand('google', me));
    expect(after.map((link) => link.provider)).toEqual(['apple']);
    expect(app.store.all.map((event) => event.type)).toEqual(
      expect.arrayContaining([AccountOAuthUnlinked, OAuthSubjectReleased]),
    );
    expect(await failure(app.unlinkOAuth.execute(new UnlinkOAuthCommand('apple', me)))).toBe(
      'LAST_SIGN_IN_METHOD',
    );
    expect(await failure(app.unlinkOAuth.execute(new UnlinkOAuthCommand('google', me)))).toBe(
      'NOT_FOUND',
    );
    // The Apple subject signs in to the account; the unlinked Google subject no longer does
    // (it is free again: another account may link it).
    expect((await signIn(app, { idToken: apple }, { provider: 'apple' })).user).toEqual(
      google.user,
    );
    const stranger = await passwordAccount(app, 'eve@example.com');
    await app.linkOAuth.execute(
      new LinkOAuthCommand(
        'google',
        { idToken: token(app, { email: 'eve@example.com' }) },
        asUser(stranger.user.userId, stranger.sessionId),
      ),
    );
    expect((await signIn(app, { idToken: token(app) })).user).toEqual(stranger.user);
  });

  it('keeps one way to sign in when the last two are unlinked in parallel', async () => {
    const app = applicationHarness();
    const google = await signIn(app, { idToken: token(app) });
    const me = asUser(google.user.userId, google.sessionId);
    await app.linkOAuth.execute(
      new LinkOAuthCommand(
        'apple',
        { idToken: token(app, { provider: 'apple', subject: 'a-1' }) },
        me,
      ),
    );
    const outcomes = await Promise.allSettled(
      (['google', 'apple'] as const).map((provider) =>
        app.unlinkOAuth.execute(new UnlinkOAuthCommand(provider, me)),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find(
      (outcome) => outcome.status === 'rejected',
    ) as PromiseRejectedResult;
    expect((refused.reason as AuthError).errorName).toBe('LAST_SIGN_IN_METHOD');
    expect(await app.oauthLinks.execute({ userId: google.user.userId })).toHaveLength(1);
  });

  it('refuses to link a subject linked to another account, and a second subject of one provider', async () => {
    const app = applicationHarness();
    await signIn(app, { idToken: token(app) });
    const other = await passwordAccount(app, 'bob@example.com');
    const bob = asUser(other.user.userId, other.sessionId);
    expect(
      await failure(
        app.linkOAuth.execute(new LinkOAuthCommand('google', { idToken: token(app) }, bob)),
      ),
    ).toBe('OAUTH_ALREADY_LINKED');
    await app.linkOAuth.execute(
      new LinkOAuthCommand('google', { idToken: token(app, { subject: 'g-bob' }) }, bob),
    );
    expect(
      await failure(
        app.linkOAuth.execute(
          new LinkOAuthCommand('google', { idToken: token(app, { subject: 'g-bob-2' }) }, bob),
        ),
      ),
    ).toBe('OAUTH_ALREADY_LINKED');
    // Linking the same subject again is no change.
    const links = await app.linkOAuth.execute(
      new LinkOAuthCommand('google', { idToken: token(app, { subject: 'g-bob' }) }, bob),
    );
    expect(links).toHaveLength(1);
  });

  it('asks for a recent sign-in to link, and a signed-in caller', async () => {
    const app = applicationHarness();
    const account = await passwordAccount(app, 'bob@example.com');
    app.clock.advance(OAUTH_LINK_RECENT_SIGN_IN_MS + 1);
    const me = asUser(account.user.userId, account.sessionId);
    expect(
      await failure(
        app.linkOAuth.execute(new LinkOAuthCommand('google', { idToken: token(app) }, me)),
      ),
    ).toBe('PERMISSION_DENIED');
    expect(
      await failure(
        app.linkOAuth.execute(new LinkOAuthCommand('google', { idToken: token(app) }, context())),
      ),
    ).toBe('UNAUTHORIZED');
    expect(app.store.all.map((event) => event.type)).not.toContain(AccountOAuthLinked);
  });
});
