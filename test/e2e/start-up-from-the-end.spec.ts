import { AccountDeletionSweep } from '../../apps/auth-service/src/wiring/account-deletion-sweep';
import { EVENT_STORE, type EventStore } from '@tangle/application';
import { removeDir, tempDataDir } from '../support/app-process';
import { MovableClock, startInProcessApp, type InProcessApp } from '../support/in-process-app';
import { CODES, OsmiumClient, RpcFailure, rpcFailure } from '../support/osmium-client';

const DAY = 86_400_000;
const PASSWORD = 'Correct-Horse-1';

/**
 * A restart on a log with history: the caches start at the end of the log and read streams on
 * their first use, revocations written by another node after start-up still reach them, and a
 * deletion asked for before the restart still falls due after it.
 */
describe('start-up from the end of the log', () => {
  const dataDir = tempDataDir('tangle-start-up-');
  const clock = new MovableClock();
  const env = { ACCOUNT_DELETION_SWEEP_INTERVAL_MS: '3600000' };
  const services: InProcessApp[] = [];
  const clients: OsmiumClient[] = [];

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    for (const service of services.reverse()) await service.close();
    removeDir(dataDir);
  });

  async function start(extra: Record<string, string> = {}): Promise<InProcessApp> {
    const service = await startInProcessApp(dataDir, { ...env, ...extra }, clock);
    services.push(service);
    return service;
  }

  async function client(service: InProcessApp): Promise<OsmiumClient> {
    const c = await OsmiumClient.connect(service.url);
    clients.push(c);
    await c.initialize();
    return c;
  }

  it('serves sessions made before the restart, follows revocations made elsewhere after it, and carries out a deletion asked for before it', async () => {
    // Before the restart: two sessions for Ada, and Bob asks for his account to be deleted.
    const before = await start();
    const ada = await (
      await client(before)
    ).signUp({
      name: 'Ada',
      email: 'ada@example.com',
      password: PASSWORD,
    });
    const adaAgain = await (await client(before)).signIn('ada@example.com', PASSWORD);
    const bobClient = await client(before);
    const bob = await bobClient.signUp({
      name: 'Bob',
      email: 'bob@example.com',
      password: PASSWORD,
    });
    expect((await bobClient.call({ settingsDeleteAccount: {} })).error).toBeFalsy();
    const end = await before.app.get<EventStore>(EVENT_STORE).lastPosition();
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await before.close();
    services.splice(services.indexOf(before), 1);

    // The restart. Read-through: the session made before it authorizes.
    const after = await start();
    const reads = jest.spyOn(after.app.get<EventStore>(EVENT_STORE), 'readStream');
    expect((await (await client(after)).authorize(ada.token)).userId).toBe(ada.userId);
    expect(reads.mock.calls.map(([streamId]) => streamId)).toEqual(
      expect.arrayContaining([`session-${ada.sessionId}`, `account-${ada.userId}`]),
    );
    expect(end).not.toBeNull();

    // Another node (sharing the log and the read models) revokes that session.
    const elsewhere = await start({ PROJECTOR: 'external' });
    const adaElsewhere = await client(elsewhere);
    await adaElsewhere.authorize(adaAgain.token);
    expect((await adaElsewhere.revokeSessions([ada.sessionId])).error).toBeFalsy();
    const deadline = Date.now() + 10_000;
    for (;;) {
      const refused = await (
        await client(after)
      )
        .authorize(ada.token)
        .then(() => null)
        .catch((error: unknown) => error);
      if (refused instanceof RpcFailure) {
        expect(refused.code).toBe(CODES.INVALID_TOKEN);
        break;
      }
      if (refused) throw refused;
      if (Date.now() > deadline) throw new Error('the revocation made elsewhere never arrived');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    // Bob's deletion, asked for before the restart, falls due after it.
    const sweep = () => after.app.get(AccountDeletionSweep).sweep();
    clock.advance(7 * DAY - 60_000);
    expect(await sweep()).toEqual([]);
    clock.advance(60_000);
    expect(await sweep()).toEqual([bob.userId]);
    expect((await rpcFailure((await client(after)).signIn('bob@example.com', PASSWORD))).code).toBe(
      CODES.INVALID_CREDENTIALS,
    );
  }, 60_000);
});
