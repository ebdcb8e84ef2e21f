import { randomUUID } from 'node:crypto';
import type { EventToAppend, RecordedEvent } from '@tangle/application';
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
