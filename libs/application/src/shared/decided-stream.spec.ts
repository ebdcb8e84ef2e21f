import { AccountSessionLinked, UsernameReserved } from '@tangle/contracts';
import { accountDecider, usernameReservationDecider } from '@tangle/domain';
import { AccountCache } from '../accounts/account-cache';
import { InMemoryEventStore } from '../testing/in-memory-event-store';
import { DecidedStream, eventIdFor } from './decided-stream';

const metadata = (correlationId = 'c') => ({
  correlationId,
  causationId: correlationId,
  schemaVersion: 1,
  actorUserId: null,
  actorSessionId: null,
  serverTime: 1,
});

async function withAccount() {
  const store = new InMemoryEventStore();
  const cache = new AccountCache(store);
  const accounts = new DecidedStream(store, 'account', accountDecider, cache);
  await accounts.decide(
    'u1',
    { kind: 'register', userId: 'u1', name: 'Ada', email: null, passwordHash: '$h', at: 1 },
    metadata('register'),
  );
  return { store, cache, accounts };
}

const link = (sessionId: string) =>
  ({
    kind: 'link-session',
    sessionId,
    verifiedPasswordHash: '$h',
    secondFactor: null,
    at: 2,
  }) as const;

describe('DecidedStream', () => {
  it('decides on the cached state and revision without reading the stream, and writes through the cache', async () => {
    const { store, cache, accounts } = await withAccount();
    const reads = jest.spyOn(store, 'readStream');
    const decision = await accounts.decide('u1', link('s1'), metadata('l1'));
    expect(reads).not.toHaveBeenCalled();
    expect(decision.events.map((e) => e.type)).toEqual([AccountSessionLinked]);
    expect(cache.peek('u1')).toMatchObject({
      activeSessions: expect.objectContaining({ ends: new Map([['s1', null]]) }),
    });
  });

  it('reads the stream and decides again when the cached state is stale', async () => {
    const { store, cache, accounts } = await withAccount();
    // Another node links a session: this cache has not seen it yet.
    const elsewhere = new DecidedStream(store, 'account', accountDecider);
    await elsewhere.decide('u1', link('s1'), metadata('other-node'));
    expect(cache.peek('u1')).toMatchObject({
      activeSessions: expect.objectContaining({ ends: new Map() }),
    });
    const decision = await accounts.decide('u1', link('s2'), metadata('l2'));
    expect(decision.appended?.nextExpectedRevision).toBe(2n);
    expect(decision.state).toMatchObject({
      activeSessions: expect.objectContaining({
        ends: new Map([
          ['s1', null],
          ['s2', null],
        ]),
      }),
    });
  });

  it('after a conflict reads only the events written since the state it decided on', async () => {
    const { store, cache, accounts } = await withAccount();
    const elsewhere = new DecidedStream(store, 'account', accountDecider);
    for (const id of ['s1', 's2', 's3']) await elsewhere.decide('u1', link(id), metadata(id));
    const reads = jest.spyOn(store, 'readStream');
    // The cache is at revision 0: the append conflicts, then the three links are read.
    expect(cache.peek('u1')).toBeDefined();
    const decision = await accounts.decide('u1', link('s4'), metadata('l4'));
    expect(reads.mock.calls).toEqual([['account-u1', { fromRevision: 1n }]]);
    expect(decision.appended?.nextExpectedRevision).toBe(4n);
    expect(decision.state).toMatchObject({
      activeSessions: expect.objectContaining({
        ends: new Map(['s1', 's2', 's3', 's4'].map((id) => [id, null])),
      }),
    });
  });

  it('appends nothing and returns no events when the decider has nothing to do', async () => {
    const { store, accounts } = await withAccount();
    await accounts.decide('u1', link('s1'), metadata('l1'));
    const decision = await accounts.decide('u1', link('s1'), metadata('l1-again'));
    expect(decision).toMatchObject({ events: [], appended: null });
    expect(await store.readStream('account-u1')).toHaveLength(2);
  });

  it('previews an outcome without appending', async () => {
    const { store, accounts } = await withAccount();
    const preview = await accounts.preview('u1', link('s1'));
    expect(preview.events.map((e) => e.type)).toEqual([AccountSessionLinked]);
    expect(preview.revision).toBe(0n);
    expect(await store.readStream('account-u1')).toHaveLength(1);
  });

  it('derives event ids from the correlation id, the stream and the revision decided on', async () => {
    const { store } = await withAccount();
    const [registered] = await store.readStream('account-u1');
    expect(registered.eventId).toBe(eventIdFor('register', 'account-u1', 'no_stream', 0));
    expect(registered.eventId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(eventIdFor('register', 'account-u1', 0n, 0)).not.toBe(registered.eventId);
    expect(eventIdFor('register', 'account-u1', 'no_stream', 1)).not.toBe(registered.eventId);
  });

  it('takes the command type from the decider it is bound to: a missing field does not compile', async () => {
    const store = new InMemoryEventStore();
    const usernames = new DecidedStream(store, 'username', usernameReservationDecider);
    const decision = await usernames.decide(
      'k:bob',
      // @ts-expect-error holderHolds is required by the reservation decider
      () => ({ kind: 'reserve', userId: 'u1', value: 'bob', at: 1 }),
      metadata(),
    );
    expect(decision.events.map((e) => e.type)).toEqual([UsernameReserved]);
  });
});
