import { AuthError, Streams, UsernameReserved } from '@tangle/contracts';
import { ABANDONED_RESERVATION_AFTER_MS } from '@tangle/domain';
import { RegisterCommand } from '../login/register.command';
import { metadataFor } from '../shared/request-context';
import { applicationHarness, context, DEVICE } from '../testing/application-harness';
import { SignUpCommand } from './sign-up.command';

const pastTheWindow = ABANDONED_RESERVATION_AFTER_MS + 1_000;

describe('reservations of registered accounts', () => {
  it('keep a username for ever: another account cannot take it, in any case, after the takeover window', async () => {
    const app = applicationHarness();
    const bob = await app.register.execute(
      new RegisterCommand({ username: 'bob', email: 'bob@example.com' }, DEVICE, 'en', context()),
    );
    app.clock.advance(pastTheWindow);
    const error = await app.register
      .execute(
        new RegisterCommand(
          { username: 'BOB', email: 'mallory@example.com' },
          DEVICE,
          'en',
          context(),
        ),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ errorName: 'USERNAME_ALREADY_EXISTS' });
    const holder = await app.store.readStream(Streams.username('k:bob'));
    expect(holder.map((e) => (e.data as { userId: string }).userId)).toEqual([bob.user.userId]);
  });

  it('keep an email address for ever, after the takeover window too', async () => {
    const app = applicationHarness();
    await app.signUp.execute(
      new SignUpCommand({ name: 'Ada', email: 'ada@example.com' }, DEVICE, 'en', context()),
    );
    app.clock.advance(pastTheWindow);
    await expect(
      app.signUp.execute(
        new SignUpCommand({ name: 'Eve', email: 'ADA@example.com' }, DEVICE, 'en', context()),
      ),
    ).rejects.toMatchObject({ errorName: 'EMAIL_ALREADY_EXISTS' });
  });

  it('let a username whose account never registered be taken once the window has passed, not before', async () => {
    const app = applicationHarness();
    // A crash between the reservation and the registration leaves this behind.
    await app.store.append(
      Streams.username('k:carol'),
      [
        {
          eventId: '00000000-0000-4000-8000-000000000001',
          type: UsernameReserved,
          data: { userId: 'ghost', username: 'carol', reservedAt: app.clock.now() },
          metadata: metadataFor(context(), app.clock.now()),
        },
      ],
      'no_stream',
    );
    const attempt = () =>
      app.register.execute(new RegisterCommand({ username: 'Carol' }, DEVICE, 'en', context()));
    await expect(attempt()).rejects.toMatchObject({ errorName: 'USERNAME_ALREADY_EXISTS' });
    app.clock.advance(pastTheWindow);
    const carol = await attempt();
    expect(carol.user.name).toBe('Carol');
  });
});
