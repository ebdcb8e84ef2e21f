import type { MessagePublisher, OutboundMessage } from '@tangle/application';
import { Partitioners, type Kafka, type Message, type Producer, type TopicMessages } from 'kafkajs';
import { createKafka, type KafkaMessagingConfig } from './kafka-client';

export interface KafkaPublisherOptions {
  /**
   * How often kafkajs retries a send before publish() rejects. Default 5. The idempotent
   * producer would retry forever, which would keep the relay's stop() and its error log waiting;
   * the relay retries a rejected publish itself, and consumers dedupe what that duplicates.
   */
  retries?: number;
  /** Per-request timeout, ms. Default 30 000. */
  timeoutMs?: number;
}

/**
 * Publishes to Kafka with an idempotent producer: acks from all in-sync replicas, one request in
 * flight (so a retried request cannot overtake the next one), messages keyed so each key stays on
 * one partition in order. Connects on the first publish. Publishes are serialized: concurrent
 * sends on an idempotent kafkajs producer can fail with out-of-order sequence numbers.
 */
export class KafkaPublisher implements MessagePublisher {
  private readonly kafka: Kafka;
  private producer: Promise<Producer> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    config: KafkaMessagingConfig,
    private readonly options: KafkaPublisherOptions = {},
    kafka?: Kafka,
  ) {
    this.kafka = kafka ?? createKafka(config);
  }

  publish(messages: readonly OutboundMessage[]): Promise<void> {
    const sent = this.queue.then(() => this.send(messages));
    this.queue = sent.catch(() => undefined);
    return sent;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    await this.dropProducer();
  }

  private async send(messages: readonly OutboundMessage[]): Promise<void> {
    if (this.closed) throw new Error('KafkaPublisher: publish after close');
    if (messages.length === 0) return;
    const producer = await this.connected();
    try {
      await producer.sendBatch({
        acks: -1,
        timeout: this.options.timeoutMs ?? 30_000,
        topicMessages: byTopic(messages),
      });
    } catch (error) {
      // The failed producer's sequence numbers may be out of step with the broker; the next
      // attempt starts a fresh producer (a new producer id) instead.
      await this.dropProducer();
      throw error;
    }
  }

  private connected(): Promise<Producer> {
    if (this.producer === null) {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
        retry: { retries: this.options.retries ?? 5 },
      });
      const connecting = producer.connect().then(() => producer);
      this.producer = connecting;
      connecting.catch(() => {
        if (this.producer === connecting) this.producer = null;
      });
    }
    return this.producer;
  }

  private async dropProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    if (producer === null) return;
    await producer.then(
      (connected) => connected.disconnect().catch(() => undefined),
      () => undefined,
    );
  }
}

/** Messages grouped by topic, each group in publish order (order matters per key only). */
function byTopic(messages: readonly OutboundMessage[]): TopicMessages[] {
  const topics = new Map<string, Message[]>();
  for (const message of messages) {
    const list = topics.get(message.topic) ?? [];
    list.push({
      key: message.key,
      value: Buffer.from(message.value.buffer, message.value.byteOffset, message.value.byteLength),
      headers: { ...message.headers },
    });
    topics.set(message.topic, list);
  }
  return [...topics].map(([topic, list]) => ({ topic, messages: list }));
}
