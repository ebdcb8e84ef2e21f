import type { AllSubscriptionOptions, EventStore, RecordedEvent } from '../ports';
import { InMemoryEventStore } from '../testing/in-memory-event-store';
import { metadataFor } from './request-context';
import { StreamCacheFollower } from './stream-cache-follower';

function recorder() {
  const seen: string[] = [];
  return { seen, apply: (event: RecordedEvent) => seen.push(event.eventId) };
}

const metadata = metadataFor(
  { correlationId: 'c', actorUserId: null, actorSessionId: null, clientIp: null },
  0,
);
const event = (id: string) => ({ eventId: id, type: 'session.seen.v1', data: {}, metadata });

async function until(check: () => boolean, ms = 2_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('StreamCacheFollower', () => {
  it("passes by other services' streams and non-JSON events, counting them, and goes on", async () => {
    const store = new InMemoryEventStore();
    const sessions = recorder();
    const skipped: string[] = [];
    const follower = new StreamCacheFollower(store).route('session', sessions);
    // The follower starts at the end of the log: what it must pass by comes after.
    await follower.start({
      skippedEvents: { skipped: (name, reason) => skipped.push(`${name}:${reason}`) },
    });
    await store.append('session-1', [event('a')], 'no_stream');
    store.appendRaw('orders-1', { type: 'OrderPlaced', data: {} });
    store.appendRaw('session-1', { type: 'session.seen.v1', data: Uint8Array.of(1) });

    await store.append('session-1', [event('b')], 1n);
    await until(() => sessions.seen.length === 2);
    await follower.stop();

    expect(sessions.seen).toEqual(['a', 'b']);
    expect(skipped).toEqual(['stream-caches:foreign_stream', 'stream-caches:not_json']);
  });

  it('subscribes again after the server drops the subscription, from the last event applied', async () => {
    const store = new InMemoryEventStore();
    const sessions = recorder();
    const drops: number[] = [];
    const follower = new StreamCacheFollower(store).route('session', sessions);
    await follower.start({ retryDelayMs: 1, onDropped: (_e, attempt) => drops.push(attempt) });
    await store.append('session-1', [event('a')], 'no_stream');
    await until(() => sessions.seen.length === 1);

    store.dropSubscriptions();
    // A revocation written elsewhere while the subscription was down, and one after.
    await store.append('session-1', [event('b')], 0n);
    await until(() => sessions.seen.length === 2);
    await store.append('session-1', [event('c')], 1n);
    await until(() => sessions.seen.length === 3);
    expect(sessions.seen).toEqual(['a', 'b', 'c']);
    expect(drops).toEqual([1]);
    await follower.stop();
  });

  it('reports itself live only while caught up on a subscription the server has not dropped', async () => {
    const store = new InMemoryEventStore();
    await store.append('session-1', [event('a')], 'no_stream');
    let refusals = 0;
    const flaky: EventStore = Object.assign(Object.create(store) as EventStore, {
      subscribeToAll: (options: AllSubscriptionOptions) => {
        if (refusals-- > 0) {
          setImmediate(() => options.onError?.(new Error('connection refused')));
          return { stop: async () => undefined };
        }
        return store.subscribeToAll(options);
      },
    });
    const follower = new StreamCacheFollower(flaky).route('session', recorder());
    expect(follower.status().live).toBe(false);
    await follower.start({ retryDelayMs: 50 });
    expect(follower.status()).toEqual({ live: true, position: expect.anything() });

    refusals = 2;
    store.dropSubscriptions();
    await until(() => !follower.status().live);
    await until(() => follower.status().live);
    await follower.stop();
    expect(follower.status().live).toBe(false);
  });

  it('keeps trying while the server refuses, then catches up', async () => {
    const store = new InMemoryEventStore();
    await store.append('session-1', [event('a')], 'no_stream');
    let refusals = 3;
    const flaky: EventStore = Object.assign(Object.create(store) as EventStore, {
      subscribeToAll: (options: AllSubscriptionOptions) => {
        if (refusals-- > 0) {
          setImmediate(() => options.onError?.(new Error('connection refused')));
          return { stop: async () => undefined };
        }
        return store.subscribeToAll(options);
      },
    });
    const sessions = recorder();
    const starting = new StreamCacheFollower(flaky)
      .route('session', sessions)
      .start({ retryDelayMs: 1, startTimeoutMs: 2_000 });
    // Appended after the end was read, while the server refuses: still delivered.
    await store.append('session-1', [event('b')], 0n);
    await starting;
    await until(() => sessions.seen.length === 1);
    expect(sessions.seen).toEqual(['b']);
  });

  it('starts at the end of the log: no event older than it is read, and none after it is missed', async () => {
    const store = new InMemoryEventStore();
    for (let i = 0; i < 50; i++) {
      await store.append(`session-${i}`, [event(`old-${i}`)], 'no_stream');
    }
    const end = await store.lastPosition();
    const delivered: RecordedEvent[] = [];
    let pagesRead = 0;
    let streamsRead = 0;
    const counting: EventStore = Object.assign(Object.create(store) as EventStore, {
      subscribeToAll: (options: AllSubscriptionOptions) =>
        store.subscribeToAll({
          ...options,
          onEvent: (e: RecordedEvent) => {
            delivered.push(e);
            return options.onEvent(e);
          },
        }),
      readAll: (...args: Parameters<EventStore['readAll']>) => {
        pagesRead += 1;
        return store.readAll(...args);
      },
      readStream: (...args: Parameters<EventStore['readStream']>) => {
        streamsRead += 1;
        return store.readStream(...args);
      },
    });
    const sessions = recorder();
    const follower = new StreamCacheFollower(counting).route('session', sessions);
    const starting = follower.start();
    // Appended while the follower starts: between reading the end and the subscription.
    await store.append('session-new', [event('new')], 'no_stream');
    await starting;
    await until(() => sessions.seen.length === 1);
    expect(sessions.seen).toEqual(['new']);
    expect(delivered.map((e) => e.eventId)).toEqual(['new']);
    expect(pagesRead + streamsRead).toBe(0);
    expect(follower.startPosition()).toEqual(end);
    await follower.stop();
  });

  it('fails its start, naming the cause, when it cannot catch up in time', async () => {
    const down: Pick<EventStore, 'subscribeToAll' | 'lastPosition'> = {
      lastPosition: () => Promise.reject(new Error('connection refused')),
      subscribeToAll: (options) => {
        setImmediate(() => options.onError?.(new Error('connection refused')));
        return { stop: async () => undefined };
      },
    };
    await expect(
      new StreamCacheFollower(down as EventStore).start({ retryDelayMs: 5, startTimeoutMs: 100 }),
    ).rejects.toThrow(/did not catch up with \$all within 100 ms: connection refused/);
  });
});
