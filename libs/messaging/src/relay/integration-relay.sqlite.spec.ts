import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InboundMessage, MessagePublisher } from '@tangle/application';
import { SqliteEventStore } from '@tangle/event-store';
import { SqliteCheckpointStore } from '../checkpoints/sqlite-checkpoint-store';
import { InProcessBus } from '../in-process/in-process-bus';
import {
  accountRegistered,
  emailVerificationRequested,
  sessionStarted,
} from '../testing/domain-events';
import { IntegrationRelay } from './integration-relay';

const TOPICS = { events: 'auth.events', mail: 'auth.mail' };
const U1 = '100000000000000001';
const logger = { error: jest.fn(), warn: jest.fn() };

/** The relay over the embedded event store, whose subscription waits for each delivery. */
describe('IntegrationRelay on the SQLite event store', () => {
  let dir: string;
  let store: SqliteEventStore;
  let checkpoints: SqliteCheckpointStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tangle-relay-sqlite-'));
    store = await SqliteEventStore.open({ file: join(dir, 'events.sqlite') });
    checkpoints = await SqliteCheckpointStore.open(join(dir, 'checkpoints.sqlite'));
    for (const { streamId, event } of [
      accountRegistered(U1),
      emailVerificationRequested(U1),
      sessionStarted('200000000000000001', U1),
    ]) {
      await store.append(streamId, [event], 'any');
    }
  });

  afterEach(async () => {
    await store.close();
    await checkpoints.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops within its time limit while a publish hangs, and a restart publishes it all', async () => {
    // Hangs until the end of the test, when the "broker" finally times out.
    let timeOut!: (error: Error) => void;
    const hanging: MessagePublisher = {
      publish: () => new Promise<void>((_resolve, reject) => (timeOut = reject)),
      close: async () => undefined,
    };
    const options = { name: 'relay', topics: TOPICS, batchSize: 1, logger, stopTimeoutMs: 50 };
    const stuck = new IntegrationRelay(store, hanging, checkpoints, options);
    await stuck.start();
    await new Promise((resolve) => setTimeout(resolve, 50));

    const stopping = Date.now();
    await stuck.stop();

    expect(Date.now() - stopping).toBeLessThan(1_000);
    expect(await checkpoints.load('relay')).toBeNull();

    const bus = new InProcessBus();
    const received: InboundMessage[] = [];
    await bus.run(TOPICS.events, 'g', async (m) => void received.push(m));
    await bus.run(TOPICS.mail, 'g', async (m) => void received.push(m));
    const relay = new IntegrationRelay(store, bus, checkpoints, { ...options, batchSize: 10 });
    await relay.start();
    await relay.caughtUp;
    await relay.stop();

    timeOut(new Error('request timed out'));
    const all = await store.readAll({ maxCount: 10 });
    expect(received.map((m) => m.headers['event-id'])).toEqual(all.map((e) => e.eventId));
    expect(await checkpoints.load('relay')).toEqual(all[2].position);
  });
});
