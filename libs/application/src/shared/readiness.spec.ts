import { InMemoryEventStore } from '../testing/in-memory-event-store';
import { metadataFor } from './request-context';
import { assessReadiness, followerLag, withTimeout } from './readiness';

const metadata = metadataFor(
  { correlationId: 'c', actorUserId: null, actorSessionId: null, clientIp: null },
  0,
);
const event = (id: string) => ({ eventId: id, type: 'session.seen.v1', data: {}, metadata });

describe('readiness', () => {
  it('given a follower at the end of $all, then it is caught up', async () => {
    const store = new InMemoryEventStore();
    const appended = await store.append('session-1', [event('a')], 'no_stream');

    expect(await followerLag(store, appended.position, 30_000, Date.now())).toEqual({
      ok: true,
      detail: 'caught up',
    });
  });

  it('given a follower behind by events older than the bound, then it is not ready, saying how far', async () => {
    const store = new InMemoryEventStore();
    await store.append('session-1', [event('a'), event('b')], 'no_stream');
    const [first] = await store.readAll({ maxCount: 1 });

    const fresh = await followerLag(store, null, 30_000, first.createdAt + 10_000);
    const stale = await followerLag(store, null, 30_000, first.createdAt + 45_000);

    expect(fresh).toEqual({
      ok: true,
      detail: '2 events behind, the oldest 10 s old (bound 30 s)',
    });
    expect(stale.ok).toBe(false);
    expect(stale.detail).toBe('2 events behind, the oldest 45 s old (bound 30 s)');
  });

  it('given only events followers pass by after the checkpoint, then it is caught up', async () => {
    const store = new InMemoryEventStore();
    const appended = await store.append('session-1', [event('a')], 'no_stream');
    for (let i = 0; i < 150; i += 1)
      store.appendRaw(`orders-${i}`, { type: 'OrderPlaced', data: {} });
    store.appendRaw('session-1', { type: 'session.seen.v1', data: Uint8Array.of(1) });

    expect(await followerLag(store, appended.position, 30_000, Date.now() + 60_000)).toEqual({
      ok: true,
      detail: 'caught up',
    });

    await store.append('session-1', [event('b')], 'any');
    const lag = await followerLag(store, appended.position, 30_000, Date.now() + 60_000);
    expect(lag.detail).toMatch(/^1 events behind/);
  });

  it('fails a check that throws or hangs, naming it, and is ready only when all pass', async () => {
    const readiness = await assessReadiness({
      caches: async () => ({ ok: true, detail: 'live' }),
      store: () => withTimeout(new Promise(() => undefined), 20, 'the event store'),
      broken: async () => {
        throw new Error('connection refused');
      },
    });

    expect(readiness).toEqual({
      ready: false,
      checks: {
        caches: { ok: true, detail: 'live' },
        store: { ok: false, detail: 'the event store did not answer within 20 ms' },
        broken: { ok: false, detail: 'connection refused' },
      },
    });
  });
});
