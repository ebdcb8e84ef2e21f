import { createServiceLogger, NestServiceLogger, startHealthServer } from '@tangle/platform';
import {
  createMailWorker,
  describeMailTransport,
  loadMailerConfig,
  MailerConfigError,
} from '@tangle/mailer';
import {
  decodeMailRequest,
  ensureKafkaTopics,
  KafkaConsumer,
  KafkaPublisher,
} from '@tangle/messaging';

/**
 * The mailer worker on its own: consumes the mail topic from Kafka in a consumer
 * group, dedupes by event id, sends (SMTP or .eml files), retries with backoff,
 * dead-letters after the last attempt; an offset is committed after its mail is
 * handled. Embedded mode runs the same worker inside the auth service instead.
 */
async function main(): Promise<void> {
  const root = createServiceLogger({ service: 'mailer', level: process.env.LOG_LEVEL });
  const logger = new NestServiceLogger(root.child({ context: 'Mailer' }));
  let config;
  try {
    config = loadMailerConfig();
  } catch (error) {
    if (!(error instanceof MailerConfigError)) throw error;
    logger.error(error.message);
    process.exit(78);
  }
  const brokers = (process.env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (brokers.length === 0) {
    logger.error(
      'KAFKA_BROKERS is not set: in embedded mode the auth service runs the mailer itself',
    );
    process.exit(78);
  }
  const kafka = {
    brokers,
    clientId: 'tangle-auth-mailer',
    logger: root.child({ context: 'Kafka' }),
  };
  await ensureKafkaTopics(kafka, [config.topic, config.deadLetterTopic]);
  const consumer = new KafkaConsumer(kafka);
  const deadLetters = new KafkaPublisher(kafka);
  const runtime = await createMailWorker({
    config,
    consumer,
    decode: (message) => decodeMailRequest(message.value),
    deadLetter: (message, error) =>
      deadLetters.publish([
        {
          topic: config.deadLetterTopic,
          key: message.key,
          value: message.value,
          headers: { ...message.headers, 'dead-letter-reason': error.message.slice(0, 500) },
        },
      ]),
    logger,
  });
  await runtime.worker.start();
  const healthPort = Number(process.env.HEALTH_PORT || 0);
  if (healthPort > 0) {
    await startHealthServer(healthPort, '0.0.0.0', async () => {
      const health = consumer.health();
      return { ready: health.ok, checks: { consumer: health } };
    });
  }
  logger.log(
    `consuming ${config.topic} as ${config.group}; mail via ${describeMailTransport(config)}`,
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await runtime.close();
    await consumer.stop();
    await deadLetters.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`mailer failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
