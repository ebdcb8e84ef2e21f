import { randomUUID } from 'node:crypto';
import { describeWithKafka } from '@tangle/testing/kafka-test-brokers';
import { Kafka, logLevel } from 'kafkajs';
import { ensureTopics } from './ensure-topics';
import { KafkaConsumer } from './kafka-consumer';
import { KafkaPublisher } from './kafka-publisher';

const SESSION_TIMEOUT_MS = 6_000; // the broker's smallest (group.min.session.timeout.ms)
const HANDLING_MS = 9_000; // a slow SMTP server: longer than the session

/**
 * A message whose handler outlasts the group's session timeout, on a real broker: the member
 * keeps its partition, the message is handled once and its offset committed, with no rebalance
 * in between (kafkajs alone heartbeats only between messages).
 */
describeWithKafka('KafkaConsumer with a handler slower than the session timeout', (brokers) => {
  const run = randomUUID().slice(0, 8);
  const topic = `tangle-slow-${run}`;
  const group = `tangle-slow-${run}`;
  const config = {
    brokers,
    clientId: `tangle-slow-${run}`,
    logger: { error: () => undefined, warn: () => undefined },
    logLevel: logLevel.NOTHING,
  };
  const admin = new Kafka(config).admin();
  let consumer: KafkaConsumer;
  let publisher: KafkaPublisher;

  beforeAll(async () => {
    await admin.connect();
    await ensureTopics(admin, [topic], { numPartitions: 1, replicationFactor: 1 });
  });

  afterAll(async () => {
    await consumer?.stop();
    await publisher?.close();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('handles the message once and commits it', async () => {
    const handled: string[] = [];
    consumer = new KafkaConsumer(config, {
      sessionTimeoutMs: SESSION_TIMEOUT_MS,
      heartbeatIntervalMs: 1_000,
      maxFetchWaitMs: 200,
      retryDelayMs: 50,
    });
    publisher = new KafkaPublisher(config);
    await consumer.run(topic, group, async (message) => {
      handled.push(message.offset);
      await new Promise((resolve) => setTimeout(resolve, HANDLING_MS));
    });
    await publisher.publish([{ topic, key: 'k', value: Buffer.from('slow mail'), headers: {} }]);

    const committed = async () => {
      const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      return offsets.partitions[0]?.offset ?? '-1';
    };
    let last = '-1';
    const deadline = Date.now() + HANDLING_MS + 15_000;
    while ((last = await committed()) !== '1' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // A few more seconds: an evicted member would have been handed the message again by now.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect({ handled, committed: last }).toEqual({ handled: ['0'], committed: '1' });
  }, 60_000);
});
