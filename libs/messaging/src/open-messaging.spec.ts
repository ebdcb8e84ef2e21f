import { Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InProcessBus } from './in-process/in-process-bus';
import { KafkaConsumer } from './kafka/kafka-consumer';
import { KafkaPublisher } from './kafka/kafka-publisher';
import { openCheckpointStore } from './open-checkpoint-store';
import { openMessaging } from './open-messaging';
import { SqliteCheckpointStore } from './checkpoints/sqlite-checkpoint-store';

describe('openMessaging', () => {
  it('shares one in-process bus between publisher and consumer without brokers', async () => {
    const { publisher, consumer } = openMessaging({ clientId: 'auth' });
    const received: string[] = [];
    await consumer.run('t', 'g', async (m) => void received.push(m.key));

    await publisher.publish([{ topic: 't', key: 'k1', value: new Uint8Array(), headers: {} }]);

    expect(publisher).toBeInstanceOf(InProcessBus);
    expect(consumer).toBe(publisher);
    expect(received).toEqual(['k1']);
    await consumer.stop();
  });

  it('treats an empty broker list as no Kafka', () => {
    const { publisher } = openMessaging({ clientId: 'auth', kafkaBrokers: [' '] });

    expect(publisher).toBeInstanceOf(InProcessBus);
  });

  it('chooses Kafka when brokers are given, and connects nothing until used', async () => {
    const connect = jest.spyOn(Socket.prototype, 'connect');
    try {
      await import('./index');
      const { publisher, consumer } = openMessaging({
        clientId: 'auth',
        kafkaBrokers: ['127.0.0.1:9'],
      });

      await new Promise((resolve) => setTimeout(resolve, 50));

      expect(publisher).toBeInstanceOf(KafkaPublisher);
      expect(consumer).toBeInstanceOf(KafkaConsumer);
      expect(connect).not.toHaveBeenCalled();
    } finally {
      connect.mockRestore();
    }
  });
});

describe('openCheckpointStore', () => {
  it('opens the SQLite store when no MongoDB is given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tangle-open-checkpoints-'));
    try {
      const store = await openCheckpointStore({ sqliteFile: join(dir, 'c.sqlite') });
      await store.save('relay', { commit: 1n, prepare: 1n });

      expect(store).toBeInstanceOf(SqliteCheckpointStore);
      expect(await store.load('relay')).toEqual({ commit: 1n, prepare: 1n });
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
