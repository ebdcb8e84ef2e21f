import type { InboundMessage } from '@tangle/application';
import { waitFor } from '../testing/wait-for';
import { KafkaConsumer } from './kafka-consumer';
import { KafkaPublisher } from './kafka-publisher';
import { FakeKafkaCluster } from './testing/fake-kafka';

const config = { brokers: ['fake:9092'], clientId: 'test', logger: { error: () => undefined } };

describe('KafkaConsumer', () => {
  let cluster: FakeKafkaCluster;
  let publisher: KafkaPublisher;
  let consumer: KafkaConsumer;

  beforeEach(() => {
    cluster = new FakeKafkaCluster();
    cluster.createTopic('mail', 1);
    publisher = new KafkaPublisher(config, {}, cluster.asKafka());
    consumer = new KafkaConsumer(config, { retryDelayMs: 5 }, cluster.asKafka());
  });

  afterEach(async () => {
    await consumer.stop();
    await publisher.close();
  });

  const publish = (...texts: string[]) =>
    publisher.publish(
      texts.map((text) => ({
        topic: 'mail',
        key: 'k',
        value: new TextEncoder().encode(text),
        headers: {},
      })),
    );

  it('runs without auto-commit, in the named group, from the beginning', async () => {
    await consumer.run('mail', 'mailer', async () => undefined);

    expect(cluster.consumerConfigs).toEqual([
      expect.objectContaining({ groupId: 'mailer', allowAutoTopicCreation: false }),
    ]);
    expect(cluster.runConfigs[0].autoCommit).toBe(false);
  });

  it('commits the offset after a message only once its handler resolved', async () => {
    let release!: () => void;
    const handled: string[] = [];
    await consumer.run('mail', 'mailer', async (inbound: InboundMessage) => {
      await new Promise<void>((resolve) => (release = resolve));
      handled.push(inbound.offset);
    });

    await publish('a');
    await waitFor(() => release !== undefined, 'the delivery');
    expect(cluster.committedOffset('mailer', 'mail', 0)).toBeUndefined();

    release();
    await waitFor(() => cluster.committedOffset('mailer', 'mail', 0) !== undefined, 'the commit');
    expect(handled).toEqual(['0']);
    expect(cluster.committedOffset('mailer', 'mail', 0)).toBe(1n);
  });

  it('hands a failing message to the handler again and commits only after it succeeded', async () => {
    const attempts: string[] = [];
    let failures = 2;
    await consumer.run('mail', 'mailer', async (inbound) => {
      attempts.push(new TextDecoder().decode(inbound.value));
      if (failures > 0) {
        failures -= 1;
        throw new Error('smtp down');
      }
    });

    await publish('x', 'y');
    await waitFor(() => cluster.committedOffset('mailer', 'mail', 0) === 2n, 'both commits');

    expect(attempts).toEqual(['x', 'x', 'x', 'y']);
    expect(cluster.commits.map((commit) => commit.offset)).toEqual(['1', '2']);
  });

  it('leaves a message it was still retrying uncommitted when stopped', async () => {
    let attempts = 0;
    await consumer.run('mail', 'mailer', async () => {
      attempts += 1;
      throw new Error('always failing');
    });
    await publish('stuck');
    await waitFor(() => attempts >= 2, 'a retry');

    await consumer.stop();

    expect(cluster.committedOffset('mailer', 'mail', 0)).toBeUndefined();
  });

  it('reports itself healthy while its consumers run, and names one that crashed for good', async () => {
    expect(consumer.health().ok).toBe(false);
    await consumer.run('mail', 'mailer', async () => undefined);
    expect(consumer.health()).toEqual({ ok: true, detail: '1 consumer(s) running' });

    cluster.crashConsumers(new Error('retriable hiccup'), true);
    expect(consumer.health().ok).toBe(true);

    cluster.crashConsumers(new Error('group authorization failed'), false);
    expect(consumer.health()).toEqual({
      ok: false,
      detail: 'mail as mailer crashed: group authorization failed',
    });
  });

  it('refuses to run after stop', async () => {
    await consumer.stop();

    await expect(consumer.run('mail', 'mailer', async () => undefined)).rejects.toThrow(
      /after stop/,
    );
  });
});
