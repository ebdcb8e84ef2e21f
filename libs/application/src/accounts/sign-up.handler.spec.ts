import { AccountRegistered, AuthError, EmailReserved } from '@tangle/contracts';
import { applicationHarness, context, DEVICE } from '../testing/application-harness';
import { SignUpCommand } from './sign-up.command';

describe('SignUp', () => {
  it('registers an account, reserves its email and starts a session', async () => {
    const app = applicationHarness();
    const result = await app.signUp.execute(
      new SignUpCommand(
        { name: ' Ada ', email: 'Ada@Example.com', password: 'Correct-Horse-1' },
        DEVICE,
        'en',
        context(),
      ),
    );
    expect(result.user).toEqual({ userId: expect.any(String), name: 'Ada' });
    const types = app.store.all.map((e) => e.type);
    expect(types).toEqual([
      EmailReserved,
      AccountRegistered,
      'account.email-verification-requested.v1',
      'account.session-linked.v1',
      'session.started.v1',
    ]);
    const registered = app.store.all[1].data as { email: string; passwordHash: string };
    expect(registered.email).toBe('Ada@Example.com');
    expect(registered.passwordHash).not.toContain('Correct-Horse-1');
    expect(result.position).not.toBeNull();
  });

  it('lets exactly one of 50 parallel sign-ups on one address (in any case) win', async () => {
    const app = applicationHarness();
    const attempts = Array.from({ length: 50 }, (_, i) =>
      app.signUp.execute(
        new SignUpCommand(
          {
            name: `User ${i}`,
            email: i % 2 ? 'race@example.com' : 'RACE@example.com',
            password: 'Correct-Horse-1',
          },
          DEVICE,
          'en',
          // From 50 addresses: this is about the race, not the per-address limit.
          { ...context(), clientIp: `203.0.113.${i}` },
        ),
      ),
    );
    const settled = await Promise.allSettled(attempts);
    const won = settled.filter((s) => s.status === 'fulfilled');
    const lost = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    for (const failure of lost)
      expect((failure.reason as AuthError).errorName).toBe('EMAIL_ALREADY_EXISTS');
    expect(app.store.all.filter((e) => e.type === AccountRegistered)).toHaveLength(1);
  });

  it('takes over a reservation left without an account once it is old enough', async () => {
    const app = applicationHarness();
    await app.store.append(
      'email-k:lost@example.com',
      [
        {
          eventId: 'e1',
          type: EmailReserved,
          data: { userId: '1', email: 'lost@example.com', reservedAt: app.clock.now() },
          metadata: {
            correlationId: 'c',
            causationId: 'c',
            schemaVersion: 1,
            actorUserId: null,
            actorSessionId: null,
            serverTime: 0,
          },
        },
      ],
      'no_stream',
    );
    const command = () =>
      new SignUpCommand({ name: 'Next', email: 'lost@example.com' }, DEVICE, 'en', context());
    await expect(app.signUp.execute(command())).rejects.toMatchObject({
      errorName: 'EMAIL_ALREADY_EXISTS',
    });
    app.clock.advance(61_000);
    await expect(app.signUp.execute(command())).resolves.toMatchObject({ user: { name: 'Next' } });
  });

  it('checks the password policy before hashing anything', async () => {
    const app = applicationHarness();
    await expect(
      app.signUp.execute(
        new SignUpCommand(
          { name: 'W', email: 'w@example.com', password: 'short' },
          DEVICE,
          'en',
          context(),
        ),
      ),
    ).rejects.toMatchObject({ errorName: 'WEAK_PASSWORD' });
    expect(app.hasher.hashes).toBe(0);
    expect(app.store.all).toHaveLength(0);
  });

  it('creates a passwordless account when email and password are left out or empty', async () => {
    const app = applicationHarness();
    await app.signUp.execute(
      new SignUpCommand({ name: 'P', email: '', password: '' }, DEVICE, 'en', context()),
    );
    expect(app.store.all[0]).toMatchObject({
      type: AccountRegistered,
      data: { email: null, passwordHash: null },
    });
  });
});

describe('SignUp limits', () => {
  it('refuses an address past its sign-ups per hour, with the wait, while another address signs up', async () => {
    const app = applicationHarness();
    const signUp = (i: number, clientIp: string) =>
      app.signUp.execute(
        new SignUpCommand({ name: `U${i}` }, DEVICE, 'en', { ...context(), clientIp }),
      );
    for (let i = 0; i < 10; i++) await signUp(i, '203.0.113.1');
    const refused = await signUp(10, '203.0.113.1').catch((e: AuthError) => e);
    expect(refused).toMatchObject({ errorName: 'RATE_LIMIT_EXCEEDED' });
    expect((refused as AuthError).retryAfterMs).toBeGreaterThan(0);
    expect((refused as AuthError).message).toMatch(/try again in \d+ s/);
    await expect(signUp(11, '203.0.113.2')).resolves.toMatchObject({ user: { name: 'U11' } });
  });
});
