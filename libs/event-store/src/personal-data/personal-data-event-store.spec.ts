import { randomBytes } from 'node:crypto';
import type { EventToAppend, RecordedEvent } from '@tangle/application';
import { AccountDeleted, AccountRegistered, ERASED, SessionSeen } from '@tangle/contracts';
import { InMemoryEventStore } from '../../../application/src/testing/in-memory-event-store';
import { InMemoryDataKeyStore } from '../../../application/src/testing/in-memory-data-key-store';
import { DataKeyVault } from './data-key-vault';
import { PersonalDataEventStore } from './personal-data-event-store';

const clock = { now: () => 1_800_000_000_000 };
let n = 0;
const meta = {
  correlationId: 'c',
  causationId: 'c',
  schemaVersion: 1,
  actorUserId: null,
  actorSessionId: null,
  serverTime: 1,
};
function event(type: string, data: object): EventToAppend {
  n += 1;
  return {
    eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    type,
    data,
    metadata: meta,
  };
}
const registration = (userId: string) =>
  event(AccountRegistered, {
    userId,
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    passwordHash: null,
    firstName: 'Ada',
    lastName: 'Lovelace',
    phone: '+201234567890',
    accountType: 'individual',
    referralCode: null,
    registeredAt: 1,
  });

function setup() {
  const inner = new InMemoryEventStore();
  const keys = new InMemoryDataKeyStore();
  const vault = new DataKeyVault(keys, randomBytes(32), clock);
  return { inner, keys, vault, store: new PersonalDataEventStore(inner, vault) };
}

describe('PersonalDataEventStore', () => {
  it('stores the declared fields sealed and gives them back in plain text', async () => {
    const { inner, store } = setup();
    await store.append('account-u1', [registration('u1')], 'no_stream');
    const raw = JSON.stringify(inner.all[0].data);
    for (const secret of ['ada@example.com', 'Ada', 'Lovelace', '+201234567890']) {
      expect(raw).not.toContain(secret);
    }
    expect(inner.all[0].data).toMatchObject({ userId: 'u1', accountType: 'individual' });
    const [read] = await store.readStream('account-u1');
    expect(read.data).toMatchObject({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      firstName: 'Ada',
      phone: '+201234567890',
      referralCode: null,
    });
    expect((await store.readAll({ maxCount: 10 }))[0].data).toEqual(read.data);
  });

  it('seals nested fields and leaves events without personal data untouched', async () => {
    const { inner, store } = setup();
    await store.append(
      'login-a1',
      [
        event('login.link-requested.v1', {
          authId: 'a1',
          userId: 'u1',
          email: 'ada@example.com',
          device: {
            clientId: 1,
            deviceType: 'Ada laptop',
            deviceVersion: 'Linux',
            appName: 'T',
            appVersion: '1',
          },
          requester: { description: 'Firefox on Linux', country: 'EG', region: null },
        }),
      ],
      'no_stream',
    );
    const seen = event(SessionSeen, { sessionId: 's1', userId: 'u1', at: 5 });
    await store.append('session-s1', [seen], 'any');
    const raw = JSON.stringify(inner.all[0].data);
    expect(raw).not.toContain('Ada laptop');
    expect(raw).not.toContain('Firefox on Linux');
    expect(inner.all[0].data).toMatchObject({ device: { clientId: 1, appName: 'T' } });
    expect(inner.all[1].data).toEqual(seen.data);
    const [login] = await store.readStream('login-a1');
    expect(login.data).toMatchObject({
      device: { deviceType: 'Ada laptop' },
      requester: { description: 'Firefox on Linux', country: 'EG', region: null },
    });
  });

  it('reads every personal field as erased once the key is destroyed, in every read', async () => {
    const { store, vault } = setup();
    await store.append('account-u1', [registration('u1')], 'no_stream');
    await store.append('account-u2', [registration('u2')], 'no_stream');
    await vault.destroy('u1');
    expect(await vault.isDestroyed('u1')).toBe(true);
    const [erased] = await store.readStream('account-u1');
    expect(erased.data).toMatchObject({
      userId: 'u1',
      name: ERASED,
      email: ERASED,
      firstName: ERASED,
      lastName: ERASED,
      phone: ERASED,
      accountType: 'individual',
    });
    expect((await store.readStream('account-u2'))[0].data).toMatchObject({
      email: 'ada@example.com',
    });
    const replayed: RecordedEvent[] = [];
    const subscription = store.subscribeToAll({ onEvent: (e) => void replayed.push(e) });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await subscription.stop();
    expect(replayed.map((e) => (e.data as { email: string }).email)).toEqual([
      ERASED,
      'ada@example.com',
    ]);
  });

  it('refuses to seal for an account whose key is destroyed: no new key is made', async () => {
    const { store, vault, keys } = setup();
    await vault.destroy('u1');
    await expect(store.append('account-u1', [registration('u1')], 'no_stream')).rejects.toThrow(
      /no such account/,
    );
    expect(await keys.find('u1')).toBe('destroyed');
  });

  it('a destroy in another process reaches this one through account.deleted', async () => {
    const { inner, keys } = setup();
    const kek = randomBytes(32);
    const here = new PersonalDataEventStore(inner, new DataKeyVault(keys, kek, clock));
    const elsewhereVault = new DataKeyVault(keys, kek, clock);
    const elsewhere = new PersonalDataEventStore(inner, elsewhereVault);
    await here.append('account-u1', [registration('u1')], 'no_stream');
    expect((await here.readStream('account-u1'))[0].data).toMatchObject({ name: 'Ada Lovelace' });
    await elsewhereVault.destroy('u1');
    await elsewhere.append('account-u1', [event(AccountDeleted, { userId: 'u1', at: 9 })], 0n);
    const seen: RecordedEvent[] = [];
    const subscription = here.subscribeToAll({ onEvent: (e) => void seen.push(e) });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await subscription.stop();
    expect((await here.readStream('account-u1'))[0].data).toMatchObject({ name: ERASED });
  });

  it('refuses an event type without a declaration', async () => {
    const { store } = setup();
    await expect(
      store.append('x-1', [event('account.unknown.v1', { userId: 'u1', email: 'a@b.c' })], 'any'),
    ).rejects.toThrow(/no personal-data declaration/);
  });

  it('refuses a sealed field moved to another event', async () => {
    const { inner, store } = setup();
    await store.append('account-u1', [registration('u1')], 'no_stream');
    const { email: sealedEmail, $pd: seal } = inner.all[0].data as { email: unknown; $pd: unknown };
    await inner.append(
      'email-k',
      [event('email.reserved.v1', { userId: 'u1', email: sealedEmail, $pd: seal, reservedAt: 1 })],
      'no_stream',
    );
    await expect(store.readStream('email-k')).rejects.toThrow();
  });

  it('reads events written before sealing as they are', async () => {
    const { inner, store } = setup();
    await inner.append(
      'email-k',
      [event('email.reserved.v1', { userId: 'u1', email: 'old@example.com', reservedAt: 1 })],
      'no_stream',
    );
    expect((await store.readStream('email-k'))[0].data).toMatchObject({ email: 'old@example.com' });
  });

  it('gives racing first appends of one account one key', async () => {
    const { keys, store } = setup();
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store.append(
          `email-k${i}`,
          [event('email.reserved.v1', { userId: 'u7', email: `x${i}@example.com`, reservedAt: 1 })],
          'no_stream',
        ),
      ),
    );
    expect(await keys.find('u7')).toBeInstanceOf(Uint8Array);
    for (let i = 0; i < 10; i++) {
      expect((await store.readStream(`email-k${i}`))[0].data).toMatchObject({
        email: `x${i}@example.com`,
      });
    }
  });
});
