import type { MessageConsumer, MessagePublisher } from '@tangle/application';
import { InProcessBus } from './in-process/in-process-bus';
import { createKafka } from './kafka/kafka-client';
import { KafkaConsumer } from './kafka/kafka-consumer';
import { KafkaPublisher } from './kafka/kafka-publisher';
import type { MessagingLogger } from './logger';

export interface MessagingConfig {
  /** When given (and not empty), Kafka; otherwise the in-process bus. */
  kafkaBrokers?: string[];
  clientId: string;
  logger?: MessagingLogger;
}

export interface Messaging {
  publisher: MessagePublisher;
  consumer: MessageConsumer;
}

/**
 * The publisher and consumer for a configuration. In-process: ONE bus is both, so what the
 * relay publishes reaches the consumers of the same process. Nothing connects until used.
 */
export function openMessaging(config: MessagingConfig): Messaging {
  const brokers = config.kafkaBrokers?.filter((broker) => broker.trim() !== '') ?? [];
  if (brokers.length === 0) {
    const bus = new InProcessBus();
    return { publisher: bus, consumer: bus };
  }
  const kafkaConfig = { brokers, clientId: config.clientId, logger: config.logger };
  const kafka = createKafka(kafkaConfig);
  return {
    publisher: new KafkaPublisher(kafkaConfig, {}, kafka),
    consumer: new KafkaConsumer(kafkaConfig, {}, kafka),
  };
}
