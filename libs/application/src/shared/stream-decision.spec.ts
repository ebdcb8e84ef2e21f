import { AccountSessionLinked } from '@tangle/contracts';
import { accountDecider, type AccountState } from '@tangle/domain';
import { InMemoryEventStore } from '../testing/in-memory-event-store';
import { decideAndAppend, loadStream } from './stream-decision';

const metadata = {
  correlationId: 'c',
  causationId: 'c',
  schemaVersion: 1,
  actorUserId: null,
  actorSessionId: null,
  serverTime: 1,
};

async function registered(store: InMemoryEventStore) {
  await decideAndAppend(
    store,
    'account-u1',
    accountDecider,
    () => ({
      kind: 'register' as const,
      userId: 'u1',
      name: 'Ada',
      email: null,
      passwordHash: '$h',
      at: 1,
    }),
    metadata,
  );
}

const link = (sessionId: string) => () => ({
  kind: 'link-session' as const,
  sessionId,
  verifiedPasswordHash: '$h',
  at: 2,
});

describe('decideAndAppend with a known state', () => {
  it('decides on the known state without reading the stream', async () => {
    const store = new InMemoryEventStore();
    await registered(store);
    const { state } = await loadStream(store, 'account-u1', accountDecider);
    const reads = jest.spyOn(store, 'readStream');
    const decision = await decideAndAppend(
      store,
      'account-u1',
      accountDecider,
      link('s1'),
      metadata,
      async () => ({
        state,
        revision: 0n,
      }),
    );
    expect(reads).not.toHaveBeenCalled();
    expect(decision.events.map((e) => e.type)).toEqual([AccountSessionLinked]);
  });

  it('reads the stream and decides again when the known state is stale', async () => {
    const store = new InMemoryEventStore();
    await registered(store);
    const stale = (await loadStream(store, 'account-u1', accountDecider)).state as AccountState;
    await decideAndAppend(store, 'account-u1', accountDecider, link('s1'), metadata);
    const decision = await decideAndAppend(
      store,
      'account-u1',
      accountDecider,
      link('s2'),
      metadata,
      async () => ({
        state: stale,
        revision: 0n,
      }),
    );
    expect(decision.appended?.nextExpectedRevision).toBe(2n);
    expect(decision.state).toMatchObject({ sessionIds: ['s1', 's2'] });
  });
});
