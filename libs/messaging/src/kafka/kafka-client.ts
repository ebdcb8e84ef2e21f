import { Kafka, logLevel, type LogEntry, type logCreator } from 'kafkajs';
import { defaultMessagingLogger, type MessagingLogger } from '../logger';

export interface KafkaMessagingConfig {
  brokers: string[];
  clientId: string;
  logger?: MessagingLogger;
  /** kafkajs's own log level. Default WARN. */
  logLevel?: logLevel;
}

/** A kafkajs client; creating it connects nothing. */
export function createKafka(config: KafkaMessagingConfig): Kafka {
  if (config.brokers.length === 0) throw new Error('Kafka: no brokers given');
  return new Kafka({
    clientId: config.clientId,
    brokers: config.brokers,
    logLevel: config.logLevel ?? logLevel.WARN,
    logCreator: forwardTo(config.logger ?? defaultMessagingLogger),
  });
}

function forwardTo(logger: MessagingLogger): logCreator {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _logger, ...fields } = log;
      const obj = { kafka: namespace, ...fields };
      if (level <= logLevel.ERROR) logger.error(obj, message);
      else if (level === logLevel.WARN) logger.warn?.(obj, message);
      else logger.info?.(obj, message);
    };
}
