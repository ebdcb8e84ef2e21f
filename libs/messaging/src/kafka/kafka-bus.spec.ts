import { randomUUID } from 'node:crypto';
import { describeWithKafka } from '@tangle/testing/kafka-test-brokers';
import { Kafka, logLevel } from 'kafkajs';
import { describeMessageBusContract } from '../contract/message-bus.contract';
import { ensureTopics } from './ensure-topics';
import { KafkaConsumer } from './kafka-consumer';
import { KafkaPublisher } from './kafka-publisher';
import { FakeKafkaCluster } from './testing/fake-kafka';

const quietLogger = { error: () => undefined, warn: () => undefined };
const config = { brokers: ['fake:9092'], clientId: 'contract', logger: quietLogger };

describeMessageBusContract(
  'Kafka adapters on an in-memory broker',
  { publishWaitsForHandlers: false, deliveryTimeoutMs: 2_000, quietMs: 200 },
  async () => {
    const cluster = new FakeKafkaCluster();
    const kafka = cluster.asKafka();
    const consumer = new KafkaConsumer(config, { retryDelayMs: 5 }, kafka);
    const publisher = new KafkaPublisher(config, {}, kafka);
    let topics = 0;
    let groups = 0;
    return {
      publisher,
      consumer,
      topic: async () => {
        const topic = `topic-${++topics}`;
        cluster.createTopic(topic, 3);
        return topic;
      },
      group: () => `group-${++groups}`,
      dispose: async () => {
        await consumer.stop();
        await publisher.close();
      },
    };
  },
);

// The same contract on a real broker: KAFKA_BROKERS, or the one jest's global setup started.
describeWithKafka('Kafka adapters on a broker', (brokers) => {
  const runId = randomUUID().slice(0, 8);
  let tests = 0;

  describeMessageBusContract(
    'kafka',
    { publishWaitsForHandlers: false, deliveryTimeoutMs: 25_000, quietMs: 3_000 },
    async () => {
      tests += 1;
      const realConfig = {
        brokers,
        clientId: `tangle-contract-${runId}`,
        logger: quietLogger,
        logLevel: logLevel.ERROR,
      };
      const kafka = new Kafka({ ...realConfig, logLevel: logLevel.ERROR });
      const admin = kafka.admin();
      await admin.connect();
      const created: string[] = [];
      // Short fetches: each test stops its consumer, and a stop waits for the fetch in flight.
      const consumer = new KafkaConsumer(realConfig, { retryDelayMs: 50, maxFetchWaitMs: 200 });
      const publisher = new KafkaPublisher(realConfig);
      let topics = 0;
      let groups = 0;
      return {
        publisher,
        consumer,
        topic: async () => {
          const topic = `tangle-contract-${runId}-${tests}-${++topics}`;
          await ensureTopics(admin, [topic], { numPartitions: 3, replicationFactor: 1 });
          created.push(topic);
          return topic;
        },
        group: () => `tangle-contract-${runId}-${tests}-${++groups}`,
        dispose: async () => {
          try {
            await consumer.stop();
            await publisher.close();
            if (created.length > 0) await admin.deleteTopics({ topics: created });
          } finally {
            await admin.disconnect();
          }
        },
      };
    },
  );
});
