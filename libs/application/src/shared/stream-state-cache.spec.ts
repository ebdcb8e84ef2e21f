import { sessionDecider, type SessionState } from '@tangle/domain';
import { SessionRevoked, SessionStarted } from '@tangle/contracts';
import { InMemoryEventStore } from '../testing/in-memory-event-store';
import type { EventToAppend, RecordedEvent } from '../ports';
import { StreamStateCache } from './stream-state-cache';

const metadata = {
  correlationId: 'c',
  causationId: 'c',
  schemaVersion: 1,
  actorUserId: null,
  actorSessionId: null,
  serverTime: 0,
};
const started: EventToAppend = {
  eventId: 'a',
  type: SessionStarted,
  data: {
    sessionId: '5',
    userId: 'u',
    tokenHash: 'h',
    method: 'password',
    startedAt: 1,
    clientId: 0,
    deviceType: '',
    deviceVersion: '',
    appName: '',
    appVersion: '',
    country: null,
    region: null,
  },
  metadata,
};
const revoked: EventToAppend = {
  eventId: 'b',
  type: SessionRevoked,
  data: {
    sessionId: '5',
    userId: 'u',
    revokedBy: 'u',
    revokedBySession: null,
    reason: 'revoked-by-user',
    at: 2,
  },
  metadata,
};

describe('stream state cache', () => {
  it('reads a missing stream once and serves later gets from memory', async () => {
    const store = new InMemoryEventStore();
    await store.append('session-5', [started], 'no_stream');
    const reads = jest.spyOn(store, 'readStream');
    const cache = new StreamStateCache<SessionState>(store, 'session', sessionDecider as never);
    const [a, b] = await Promise.all([cache.get('5'), cache.get('5')]);
    expect(a).toMatchObject({ status: 'active' });
    expect(b).toBe(a);
    await cache.get('5');
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('keeps an event that arrives while the stream is being read (a revocation is never lost)', async () => {
    const store = new InMemoryEventStore();
    await store.append('session-5', [started], 'no_stream');
    const cache = new StreamStateCache<SessionState>(store, 'session', sessionDecider as never);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const read = store.readStream.bind(store);
    jest.spyOn(store, 'readStream').mockImplementation(async (id) => {
      const events = await read(id); // read before the revocation...
      await gate; // ...which lands while the read is in flight
      return events;
    });
    const pending = cache.get('5');
    await store.append('session-5', [revoked], 0n);
    cache.apply((await read('session-5'))[1]);
    release();
    expect(await pending).toMatchObject({ status: 'revoked' });
  });

  it('ignores an event delivered twice, and reads the stream again after one that skips a revision', async () => {
    const store = new InMemoryEventStore();
    await store.append('session-5', [started], 'no_stream');
    const cache = new StreamStateCache<SessionState>(store, 'session', sessionDecider as never);
    await cache.get('5');
    const [first] = await store.readStream('session-5');
    cache.apply(first);
    expect(cache.peek('5')).toMatchObject({ status: 'active' });
    const skipping: RecordedEvent = {
      ...first,
      type: SessionRevoked,
      data: revoked.data,
      revision: 2n,
    };
    cache.apply(skipping);
    // Revision 1 was passed by: the cached state would be stale for good.
    expect(cache.peek('5')).toBeUndefined();
    const reads = jest.spyOn(store, 'readStream');
    expect(await cache.get('5')).toMatchObject({ status: 'active' });
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('refuses to fold a stream holding an event that is not JSON, naming it', async () => {
    const store = new InMemoryEventStore();
    await store.append('session-5', [started], 'no_stream');
    store.appendRaw('session-5', { type: SessionRevoked, data: Uint8Array.of(1) });
    const cache = new StreamStateCache<SessionState>(store, 'session', sessionDecider as never);

    await expect(cache.get('5')).rejects.toThrow(/session-5 holds event 1 .*not JSON/);
  });

  it('caches a new stream from its first event and tells listeners of every event', async () => {
    const store = new InMemoryEventStore();
    const cache = new StreamStateCache<SessionState>(store, 'session', sessionDecider as never);
    const heard: string[] = [];
    cache.onEvent((id, event) => heard.push(`${id}:${event.type}`));
    await store.append('session-5', [started], 'no_stream');
    cache.apply((await store.readStream('session-5'))[0]);
    expect(cache.peek('5')).toMatchObject({ status: 'active' });
    cache.apply({
      ...(await store.readStream('session-5'))[0],
      streamId: 'session-6',
      revision: 3n,
    });
    expect(cache.peek('6')).toBeUndefined();
    expect(heard).toEqual([`5:${SessionStarted}`, `6:${SessionStarted}`]);
  });

  describe('bounded by maxEntries', () => {
    const startedAs = (id: string): EventToAppend => ({
      ...started,
      eventId: `s${id}`,
      data: { ...started.data, sessionId: id },
    });
    async function withSessions(count: number) {
      const store = new InMemoryEventStore();
      for (let i = 1; i <= count; i++) {
        await store.append(`session-${i}`, [startedAs(String(i))], 'no_stream');
      }
      const reads = jest.spyOn(store, 'readStream');
      const cache = new StreamStateCache<SessionState>(store, 'session', sessionDecider as never, {
        maxEntries: 10,
        isFinal: (state) => state.status === 'revoked',
      });
      return { store, reads, cache };
    }

    it('drops the least recently used stream, a hit counting as a use', async () => {
      const { reads, cache } = await withSessions(11);
      for (let i = 1; i <= 10; i++) await cache.get(String(i));
      cache.peek('1'); // used again: now the most recent
      await cache.get('11'); // one too many: '2' goes, not '1'
      expect(cache.size).toBe(10);
      expect(cache.peek('1')).toMatchObject({ status: 'active' });
      expect(cache.peek('2')).toBeUndefined();
      reads.mockClear();
      expect(await cache.get('2')).toMatchObject({ status: 'active' }); // read again
      expect(reads).toHaveBeenCalledTimes(1);
    });

    it('moves a revoked session to the tombstones: no live entry, and no read when it is asked for again', async () => {
      const { store, reads, cache } = await withSessions(1);
      await cache.get('1');
      await store.append(
        'session-1',
        [{ ...revoked, data: { ...revoked.data, sessionId: '1' } }],
        0n,
      );
      cache.apply((await store.readStream('session-1'))[1]);
      expect(cache.counts()).toEqual({ entries: 0, tombstones: 1, absent: 0 });
      reads.mockClear();
      for (let i = 0; i < 5; i++) expect(await cache.get('1')).toMatchObject({ status: 'revoked' });
      expect(reads).not.toHaveBeenCalled();
    });

    it('unknown ids never push live entries out, and each is read once', async () => {
      const { reads, cache } = await withSessions(10);
      for (let i = 1; i <= 10; i++) await cache.get(String(i));
      for (let i = 0; i < 1_000; i++) {
        expect(await cache.get(`unknown-${i}`)).toEqual({ status: 'none' });
      }
      expect(cache.counts()).toEqual({ entries: 10, tombstones: 0, absent: 1 });
      reads.mockClear();
      for (let i = 1; i <= 10; i++) await cache.get(String(i));
      await cache.get('unknown-999');
      expect(reads).not.toHaveBeenCalled();
    });

    it('an id known to have no stream is cached as soon as its stream begins', async () => {
      const store = new InMemoryEventStore();
      const cache = new StreamStateCache<SessionState>(store, 'session', sessionDecider as never);
      expect(await cache.known('5')).toEqual({ state: { status: 'none' }, revision: 'no_stream' });
      await store.append('session-5', [started], 'no_stream');
      cache.apply((await store.readStream('session-5'))[0]);
      expect(await cache.known('5')).toMatchObject({ state: { status: 'active' }, revision: 0n });
    });
  });
});
