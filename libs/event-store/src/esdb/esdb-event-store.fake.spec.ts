import { randomUUID } from 'node:crypto';
import { DeadlineExceededError, UnavailableError } from '@eventstore/db-client';
import {
  BatchedAllFollower,
  WrongExpectedRevisionError,
  type EventToAppend,
  type RecordedEvent,
  type SkipReason,
} from '@tangle/application';
import { describeEventStoreContract, waitFor } from '../event-store.contract';
import { EsdbEventStore } from './esdb-event-store';
import { FakeEventStoreServer } from './testing/fake-esdb-client';

// The adapter's own logic (paging, exclusivity, system-event filtering, subscription lifecycle)
// checked without a server; the real server is covered by esdb-event-store.spec.ts.
describe('EsdbEventStore over an in-memory client', () => {
  const server = new FakeEventStoreServer();

  describeEventStoreContract('EsdbEventStore (in-memory client)', async () =>
    Promise.resolve(new EsdbEventStore(server.client())),
  );

  describe('with long runs of system events in $all', () => {
    let store: EsdbEventStore;

    beforeEach(() => {
      store = new EsdbEventStore(server.client());
    });

    afterEach(() => store.close());

    it('reads past more system events than one server read returns', async () => {
      const start = await store.append(`fake-${randomUUID()}`, [event()], 'no_stream');
      server.addSystemEvents(10_000);
      const streamId = `fake-${randomUUID()}`;
      const appended = event();
      await store.append(streamId, [appended], 'no_stream');

      const page = await store.readAll({ after: start.position, maxCount: 1 });

      expect(page.map((e) => e.eventId)).toEqual([appended.eventId]);
    });

    it('finds where $all ends behind more system events than one server read returns', async () => {
      const appended = await store.append(`fake-${randomUUID()}`, [event()], 'no_stream');
      server.addSystemEvents(10_000);

      expect(await store.lastPosition()).toEqual(appended.position);
    });

    it('catches up past them from the start of the log', async () => {
      server.addSystemEvents(10_000);
      const streamId = `fake-${randomUUID()}`;
      const appended = event();
      await store.append(streamId, [appended], 'no_stream');
      const delivered: RecordedEvent[] = [];
      let caughtUp = false;

      const subscription = store.subscribeToAll({
        onEvent: (e) => void delivered.push(e),
        onCaughtUp: () => (caughtUp = true),
      });
      await waitFor(() => caughtUp, 'catch-up', 5000);
      await subscription.stop();

      expect(delivered.some((e) => e.eventId === appended.eventId)).toBe(true);
      expect(delivered.filter((e) => e.streamId.startsWith('$'))).toEqual([]);
    });
  });
});

describe('EsdbEventStore when the client fails as the real one does', () => {
  let server: FakeEventStoreServer;
  let store: EsdbEventStore;

  beforeEach(() => {
    server = new FakeEventStoreServer();
    store = new EsdbEventStore(server.client(), { appendRetryDelayMs: 1 });
  });

  afterEach(() => store.close());

  describe('an append whose acknowledgement is lost', () => {
    it('is sent again with the same event ids and answers as if the first ack had come', async () => {
      const streamId = `account-${randomUUID()}`;
      const appended = [event(), event()];
      server.failNextAppends('lost-ack');

      const result = await store.append(streamId, appended, 'no_stream');

      const stored = await store.readStream(streamId);
      expect(stored.map((e) => e.eventId)).toEqual(appended.map((e) => e.eventId));
      expect(result).toEqual({ nextExpectedRevision: 1n, position: stored[1].position });
      expect(server.appendCalls).toBe(2);
    });

    it('is idempotent with an expected revision and with any', async () => {
      const streamId = `account-${randomUUID()}`;
      await store.append(streamId, [event()], 'no_stream');
      server.failNextAppends('lost-ack', 'lost-ack');

      const exact = await store.append(streamId, [event()], 0n);
      const any = await store.append(streamId, [event()], 'any');

      const stored = await store.readStream(streamId);
      expect(stored).toHaveLength(3);
      expect(exact.position).toEqual(stored[1].position);
      expect(any).toEqual({ nextExpectedRevision: 2n, position: stored[2].position });
    });

    it('retries an unavailable server, then fails with WrongExpectedRevision when another write won', async () => {
      const streamId = `account-${randomUUID()}`;
      await store.append(streamId, [event()], 'no_stream');
      server.failNextAppends('unavailable');
      const other = new EsdbEventStore(server.client());
      const competing = store.append(streamId, [event()], 0n);
      await other.append(streamId, [event()], 0n);

      await expect(competing).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.readStream(streamId)).toHaveLength(2);
    });

    it('gives up after four tries with the deadline error, having written once', async () => {
      const streamId = `account-${randomUUID()}`;
      server.failNextAppends('lost-ack', 'lost-ack', 'lost-ack', 'lost-ack');

      await expect(store.append(streamId, [event()], 'no_stream')).rejects.toBeInstanceOf(
        DeadlineExceededError,
      );
      expect(server.appendCalls).toBe(4);
      expect(await store.readStream(streamId)).toHaveLength(1);
    });
  });

  describe('a dropped $all subscription', () => {
    it('reports the error once and leaves nothing open', async () => {
      const errors: Error[] = [];
      let caughtUp = false;
      const subscription = store.subscribeToAll({
        onEvent: () => undefined,
        onCaughtUp: () => (caughtUp = true),
        onError: (error) => void errors.push(error),
      });
      await waitFor(() => caughtUp, 'catch-up', 5000);
      await waitFor(() => server.liveSubscriptions === 1, 'the live subscription', 5000);

      server.dropSubscriptions();
      await waitFor(() => errors.length > 0, 'the error', 5000);
      await subscription.stop();

      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(UnavailableError);
      expect(server.liveSubscriptions).toBe(0);
    });

    it('is taken up again by a follower with no event lost or repeated', async () => {
      const streamId = `account-${randomUUID()}`;
      const handled: string[] = [];
      const follower = new BatchedAllFollower(store, {
        batchSize: 10,
        handleBatch: async (batch) => void handled.push(...batch.map((e) => e.eventId)),
        retryDelayMs: 1,
        maxRetryDelayMs: 5,
        logger: { error: () => undefined },
        log: { batches: 'test', subscription: 'test' },
      });
      const first = event();
      await store.append(streamId, [first], 'no_stream');
      follower.start(null);
      await waitFor(() => server.liveSubscriptions === 1, 'the live subscription', 5000);

      server.dropSubscriptions();
      const later = [event(), event()];
      await store.append(streamId, later, 0n);
      await waitFor(() => handled.length >= 3, 'three events', 5000);
      await follower.halt();

      expect(handled).toEqual([first, ...later].map((e) => e.eventId));
    });
  });

  describe('a position that is not a record in $all', () => {
    it('fails a read naming the checkpoint', async () => {
      const { position } = await store.append(`account-${randomUUID()}`, [event()], 'no_stream');
      const between = { commit: position.commit + 1n, prepare: position.prepare + 1n };

      await expect(store.readAll({ after: between, maxCount: 10 })).rejects.toThrow(
        /no event at position .*checkpoint/,
      );
    });

    it('fails a subscription through onError, naming the checkpoint', async () => {
      const { position } = await store.append(`account-${randomUUID()}`, [event()], 'no_stream');
      const errors: Error[] = [];

      const subscription = store.subscribeToAll({
        after: { commit: position.commit, prepare: position.prepare - 1n },
        onEvent: () => undefined,
        onError: (error) => void errors.push(error),
      });
      await waitFor(() => errors.length > 0, 'the error', 5000);
      await subscription.stop();

      expect(errors[0].message).toMatch(/no event at position .*checkpoint/);
    });
  });

  describe('events of other writers in $all', () => {
    it("hands non-JSON events and other services' events on, for followers to pass by", async () => {
      const streamId = `account-${randomUUID()}`;
      await store.append(streamId, [event()], 'no_stream');
      server.appendRaw('orders-1', [{ type: 'OrderPlaced', data: '{"n":1}', isJson: true }]);
      server.appendRaw(streamId, [
        { type: 'fake.binary', data: Uint8Array.from([0, 159, 146]), isJson: false },
      ]);
      server.appendRaw(streamId, [{ type: 'fake.garbled', data: '{not json', isJson: true }]);

      const all = await store.readAll({ maxCount: 10 });

      expect(all.map((e) => e.streamId)).toEqual([streamId, 'orders-1', streamId, streamId]);
      expect(all[2].data).toEqual(Uint8Array.from([0, 159, 146]));
      expect(all[3].data).toBe('{not json');
    });

    it('do not stall a follower: it skips and counts them, and goes on', async () => {
      const streamId = `account-${randomUUID()}`;
      const handled: string[] = [];
      const skipped: SkipReason[] = [];
      const follower = new BatchedAllFollower(store, {
        batchSize: 10,
        handleBatch: async (batch) => void handled.push(...batch.map((e) => e.eventId)),
        onSkipped: (reason) => void skipped.push(reason),
        retryDelayMs: 1,
        maxRetryDelayMs: 5,
        logger: { error: () => undefined },
        log: { batches: 'test', subscription: 'test' },
      });
      const before = event();
      await store.append(streamId, [before], 'no_stream');
      server.appendRaw('orders-1', [{ type: 'OrderPlaced', data: '{}', isJson: true }]);
      server.appendRaw(streamId, [{ type: 'fake.binary', data: Uint8Array.of(1), isJson: false }]);
      follower.start(null);
      await waitFor(() => server.liveSubscriptions === 1, 'the live subscription', 5000);
      server.appendRaw('orders-2', [
        { type: 'OrderPlaced', data: Uint8Array.of(2), isJson: false },
      ]);
      const after = event();
      await store.append(streamId, [after], 1n);
      await waitFor(() => handled.length >= 2, 'both events', 5000);
      await follower.halt();

      expect(handled).toEqual([before.eventId, after.eventId]);
      expect(skipped).toEqual(['foreign_stream', 'not_json', 'foreign_stream']);
    });
  });
});

function event(): EventToAppend {
  const eventId = randomUUID();
  return {
    eventId,
    type: 'fake.tested.v1',
    data: {},
    metadata: {
      correlationId: eventId,
      causationId: eventId,
      schemaVersion: 1,
      actorUserId: null,
      actorSessionId: null,
      serverTime: Date.now(),
    },
  };
}
