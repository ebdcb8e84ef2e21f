import { randomUUID } from 'node:crypto';
import { describeEventStoreContract } from '../event-store.contract';
import { EsdbEventStore } from './esdb-event-store';

const url = process.env.EVENTSTORE_URL;

// The EventStoreDB adapter needs a running server, which unit runs do not have. The same
// contract as the SQLite adapter runs whenever EVENTSTORE_URL points at one.
const run = url ? describe : describe.skip;

if (!url) {
  console.warn(
    'EventStoreDB contract suite skipped: set EVENTSTORE_URL=esdb://localhost:2113?tls=false to run it',
  );
}

run('EsdbEventStore', () => {
  describeEventStoreContract('EsdbEventStore', async () => EsdbEventStore.connect(url ?? ''), {
    deliveryTimeoutMs: 10_000,
  });
});

describe('EsdbEventStore without a server', () => {
  // Port 1 has no server: anything that reached the network would fail differently or hang.
  const offline = () => EsdbEventStore.connect('esdb://127.0.0.1:1?tls=false');

  it('connects lazily, so a store that was never used closes at once', async () => {
    const store = offline();
    await expect(store.close()).resolves.toBeUndefined();
  });

  it('validates an append before sending it', async () => {
    const store = offline();
    const metadata = {
      correlationId: randomUUID(),
      causationId: randomUUID(),
      schemaVersion: 1,
      actorUserId: null,
      actorSessionId: null,
      serverTime: Date.now(),
    };
    try {
      await expect(store.append('account-1', [], 'any')).rejects.toThrow(TypeError);
      await expect(
        store.append('$system', [{ eventId: randomUUID(), type: 't', data: {}, metadata }], 'any'),
      ).rejects.toThrow(/reserved/);
    } finally {
      await store.close();
    }
    await expect(store.readStream('account-1')).rejects.toThrow(/closed/);
  });
});
