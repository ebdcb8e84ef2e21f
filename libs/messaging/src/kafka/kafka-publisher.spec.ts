import { KafkaPublisher } from './kafka-publisher';
import { FakeKafkaCluster } from './testing/fake-kafka';

const config = { brokers: ['fake:9092'], clientId: 'test', logger: { error: () => undefined } };

const message = (topic: string, key: string, text: string) => ({
  topic,
  key,
  value: new TextEncoder().encode(text),
  headers: { 'event-id': text },
});

describe('KafkaPublisher', () => {
  let cluster: FakeKafkaCluster;
  beforeEach(() => {
    cluster = new FakeKafkaCluster();
    cluster.createTopic('events', 3);
    cluster.createTopic('mail', 1);
  });

  it('does not connect until the first publish', async () => {
    const publisher = new KafkaPublisher(config, {}, cluster.asKafka());

    expect(cluster.connections).toBe(0);
    expect(cluster.producerConfigs).toHaveLength(0);

    await publisher.publish([message('events', '1', 'a')]);
    expect(cluster.connections).toBe(1);
    await publisher.close();
  });

  it('uses one idempotent producer with one request in flight, waiting for all replicas', async () => {
    const publisher = new KafkaPublisher(config, {}, cluster.asKafka());

    await publisher.publish([message('events', '1', 'a')]);
    await publisher.publish([message('events', '1', 'b')]);

    expect(cluster.producerConfigs).toHaveLength(1);
    expect(cluster.producerConfigs[0]).toMatchObject({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    expect(cluster.batches.every((batch) => batch.acks === -1)).toBe(true);
    await publisher.close();
  });

  it('sends one batch per publish, grouped by topic, each topic in publish order and keyed', async () => {
    const publisher = new KafkaPublisher(config, {}, cluster.asKafka());

    await publisher.publish([
      message('events', '1', 'e1'),
      message('mail', '1', 'm1'),
      message('events', '2', 'e2'),
    ]);

    expect(cluster.batches).toHaveLength(1);
    const sent = cluster.batches[0].topicMessages!.map(({ topic, messages }) => ({
      topic,
      messages: messages.map((m) => ({ key: m.key, value: String(m.value), headers: m.headers })),
    }));
    expect(sent).toEqual([
      {
        topic: 'events',
        messages: [
          { key: '1', value: 'e1', headers: { 'event-id': 'e1' } },
          { key: '2', value: 'e2', headers: { 'event-id': 'e2' } },
        ],
      },
      { topic: 'mail', messages: [{ key: '1', value: 'm1', headers: { 'event-id': 'm1' } }] },
    ]);
    await publisher.close();
  });

  it('rejects a failed send and starts a fresh producer for the next attempt', async () => {
    const publisher = new KafkaPublisher(config, {}, cluster.asKafka());
    cluster.failingSends = 1;

    await expect(publisher.publish([message('events', '1', 'a')])).rejects.toThrow(/unavailable/);
    await publisher.publish([message('events', '1', 'a')]);

    expect(cluster.producerConfigs).toHaveLength(2);
    expect(cluster.topics.get('events')!.flat()).toHaveLength(1);
    await publisher.close();
  });

  it('sends concurrent publishes one after the other, in call order', async () => {
    const publisher = new KafkaPublisher(config, {}, cluster.asKafka());

    await Promise.all([
      publisher.publish([message('mail', '1', 'first')]),
      publisher.publish([message('mail', '1', 'second')]),
      publisher.publish([message('mail', '1', 'third')]),
    ]);

    expect(cluster.topics.get('mail')![0].map((m) => String(m.value))).toEqual([
      'first',
      'second',
      'third',
    ]);
    await publisher.close();
  });

  it('refuses to publish after close', async () => {
    const publisher = new KafkaPublisher(config, {}, cluster.asKafka());
    await publisher.close();

    await expect(publisher.publish([message('events', '1', 'a')])).rejects.toThrow(/after close/);
  });
});
